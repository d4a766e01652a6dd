-- Soft-deletes a file (the sealed bytes stay until the patient's data key
-- is shredded or an erasure removes them), audited in the same statement.
-- $1 file id, $2 caller, $3 patient scopes, $4 request id, $5 ip,
-- $6 caller role, $7 whether the caller may delete passport scans.
-- Columns: kind, deleted (as it was before), changed; no row when out of
-- scope or missing.
WITH f AS (
  SELECT sf.id, sf.kind, sf.deleted, sf.patient_profile_id
  FROM stored_files sf
  JOIN patient_profiles pp ON pp.id = sf.patient_profile_id
  WHERE sf.id = $1 AND pp.deleted IS NOT TRUE
    AND patient_visible(sf.patient_profile_id, $2, $3)
),
changed AS (
  UPDATE stored_files sf SET deleted = TRUE
  FROM f
  WHERE sf.id = f.id AND NOT f.deleted AND (f.kind <> 'passport_scan' OR $7::boolean)
  RETURNING sf.id, sf.patient_profile_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $2, $6, 'delete', 'stored_files', id::text, patient_profile_id, $4, $5::inet,
         ARRAY['deleted']
  FROM changed
)
SELECT f.kind, f.deleted, EXISTS (SELECT 1 FROM changed)
FROM f
