-- Whether a live consultation exists in the caller's care scope. $1
-- consultation, $2 caller, $3 patient scopes.
SELECT EXISTS (
  SELECT 1 FROM consultations c
  WHERE c.id = $1::uuid AND c.deleted IS NOT TRUE
    AND care_row_visible(c.provider_id, c.patient_profile_id, $2::uuid, $3))
