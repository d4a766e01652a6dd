-- The booking an outcome is recorded for, in the caller's care scope,
-- locked so that its status cannot change under the outcome. $1 booking,
-- $2 caller, $3 patient scopes, $4 photo ids (JSON array). Columns: the
-- patient, the booking's status, whether every photo is a live file of
-- that patient. No row when missing or out of scope.
SELECT b.patient_profile_id, b.status, photos_of_patient(b.patient_profile_id, $4::jsonb)
FROM bookings b
WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
  AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
FOR NO KEY UPDATE OF b
