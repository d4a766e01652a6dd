-- Whether the caller's scope reaches a live patient profile (before any
-- bytes are written for an upload). $1 profile id, $2 caller, $3 patient
-- scopes. One row when it does, none otherwise.
SELECT 1
FROM patient_profiles pp
WHERE pp.id = $1 AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, $2, $3)
