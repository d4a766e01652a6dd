-- A quote whose consultation the caller's scope reaches, before its
-- acceptance. $1 quote, $2 caller, $3 patient scopes. Columns: whether the
-- caller is the consultation's patient; no row when out of scope or missing.
SELECT EXISTS (SELECT 1 FROM patient_profiles pp
               WHERE pp.id = c.patient_profile_id AND pp.user_id = $2)
FROM consultation_quotes q
JOIN consultations c ON c.id = q.consultation_id
WHERE q.id = $1 AND c.deleted IS NOT TRUE
  AND care_row_visible(c.provider_id, c.patient_profile_id, $2, $3)
FOR NO KEY UPDATE OF q
