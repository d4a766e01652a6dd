-- The booking a travel arrangement is created for, in the caller's care
-- scope, locked so that two creations of the booking's arrangement queue
-- (insert_travel.sql, a later statement with a fresh snapshot, then sees
-- the first one's). $1 booking, $2 caller, $3 patient scopes. Columns: the
-- patient. No row when missing or out of scope.
SELECT b.patient_profile_id
FROM bookings b
WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
  AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
FOR NO KEY UPDATE OF b
