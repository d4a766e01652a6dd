-- A page of a patient's timeline in order (created_at, seq), if the
-- caller's scope reaches the patient, with the read audited in the same
-- statement. $1 patient profile, $2 caller, $3 patient scopes, $4 + $5 the
-- cursor (created_at, seq of the last event shown) or NULL, $6 rows to
-- return (page size + 1), $7 request id, $8 ip, $9 caller role. One row
-- per event (event JSON, created_at as cursor text, seq), or a single row
-- of NULLs when the patient has none; no row when out of scope or missing.
WITH p AS (
  SELECT pp.id
  FROM patient_profiles pp
  WHERE pp.id = $1 AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, $2, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2, $9, 'read', 'patient_journey_events', NULL, id, $7, $8::inet FROM p
),
e AS (
  SELECT e.*
  FROM patient_journey_events e
  JOIN p ON e.patient_profile_id = p.id
  WHERE e.deleted IS NOT TRUE
    AND ($4::timestamptz IS NULL OR (e.created_at, e.seq) > ($4::timestamptz, $5::bigint))
  ORDER BY e.created_at, e.seq
  LIMIT $6
)
SELECT CASE WHEN e.id IS NOT NULL THEN json_build_object('id', e.id, 'patient_profile_id', p.id, 'stage', e.stage,
                         'event_type', e.event_type, 'actor_user_id', e.actor_user_id,
                         'details', e.event_data, 'source', e.source,
                         'created_at', e.created_at, 'seq', e.seq)::text END,
       to_json(e.created_at) #>> '{}', e.seq
FROM p
LEFT JOIN e ON TRUE
ORDER BY e.created_at, e.seq
