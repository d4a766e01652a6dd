-- Locks a consultation the caller's scope reaches, before a transition,
-- and says where it stands. $1 id, $2 caller, $3 patient scopes.
-- Columns: patient_profile_id, status, request_status, whether the caller
-- is the patient, procedure_id; no row when out of scope or missing.
SELECT c.patient_profile_id, c.status, c.request_status,
       EXISTS (SELECT 1 FROM patient_profiles pp
               WHERE pp.id = c.patient_profile_id AND pp.user_id = $2),
       c.procedure_id
FROM consultations c
WHERE c.id = $1 AND c.deleted IS NOT TRUE
  AND care_row_visible(c.provider_id, c.patient_profile_id, $2, $3)
FOR NO KEY UPDATE
