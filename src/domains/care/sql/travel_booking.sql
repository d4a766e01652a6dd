-- The booking a travel arrangement is created for, in the caller's care
-- scope, locked so that two creations of the booking's arrangement queue.
-- $1 booking, $2 caller, $3 patient scopes. Columns: the patient, whether
-- the booking already has a live arrangement. No row when missing or out
-- of scope.
SELECT b.patient_profile_id,
       EXISTS (SELECT 1 FROM travel_arrangements ta
               WHERE ta.booking_id = b.id AND ta.deleted IS NOT TRUE)
FROM bookings b
WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
  AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
FOR NO KEY UPDATE OF b
