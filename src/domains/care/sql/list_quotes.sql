-- A consultation's quotes, newest version first, if the caller's scope
-- reaches the consultation, with the read audited in the same statement.
-- $1 consultation, $2 caller, $3 patient scopes, $4 request id, $5 ip,
-- $6 caller role. One row with {"items": […], "next": null} (one page: a
-- consultation has a handful of versions), or none when out of scope
-- or missing.
WITH c AS (
  SELECT c.id, c.patient_profile_id
  FROM consultations c
  WHERE c.id = $1 AND c.deleted IS NOT TRUE
    AND care_row_visible(c.provider_id, c.patient_profile_id, $2, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2, $6, 'read', 'consultation_quotes', NULL, patient_profile_id, $4, $5::inet FROM c
)
SELECT json_build_object('items', coalesce((
  SELECT json_agg(to_jsonb(q) - 'deleted' ORDER BY q.version DESC)
  FROM consultation_quotes q
  WHERE q.consultation_id = c.id AND NOT q.deleted), '[]'::json), 'next', NULL)::text
FROM c
