-- Whether a live booking exists in the caller's care scope. $1 booking,
-- $2 caller, $3 patient scopes.
SELECT EXISTS (
  SELECT 1 FROM bookings b
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3))
