-- A follow-up item about to be completed or rescheduled, in the caller's
-- care scope, locked so that the job's claims and other writers wait for
-- this change. $1 item, $2 caller, $3 patient scopes, $4 photo ids (JSON
-- array). Columns: status, the patient, photos required, whether every
-- photo is a live file of that patient, the item's zone (else the
-- patient's). No row when missing or out of scope.
SELECT f.status, b.patient_profile_id, f.photos_required,
       photos_of_patient(b.patient_profile_id, $4::jsonb),
       coalesce(f.timezone, patient_time_zone(b.patient_profile_id))
FROM follow_up_care f
JOIN bookings b ON b.id = f.booking_id AND b.deleted IS NOT TRUE
WHERE f.id = $1::uuid AND f.deleted IS NOT TRUE
  AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
FOR NO KEY UPDATE OF f
