-- Queues an export of a person's data, or answers the one already open
-- (queued or running): at most one open request per person (the partial
-- unique index; a concurrent twin inserts nothing and the caller asks
-- again). The new request's audit row in the same statement.
-- $1 subject user, $2 caller, $3 caller role, $4 request id, $5 ip,
-- $6 the caller may export anyone (else only themselves).
-- Columns: request JSON (NULL when a concurrent insert won), created.
-- No row when the subject is not there for the caller.
WITH subject AS MATERIALIZED (
  SELECT u.id FROM users u
  WHERE u.id = $1::uuid AND (u.id = $2::uuid OR $6::boolean) AND NOT COALESCE(u.deleted, FALSE)
),
open AS MATERIALIZED (
  SELECT data_export_request_json(r) AS j FROM data_export_requests r
  WHERE r.subject_user_id = (SELECT id FROM subject) AND r.status IN ('queued', 'running')
),
created AS (
  INSERT INTO data_export_requests AS ins (subject_user_id, requested_by)
  SELECT s.id, $2::uuid FROM subject s WHERE NOT EXISTS (SELECT 1 FROM open)
  ON CONFLICT (subject_user_id) WHERE status IN ('queued', 'running') DO NOTHING
  RETURNING ins.id, ins.subject_user_id, data_export_request_json(ins) AS j
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $3, 'create', 'data_export_requests', c.id::text,
         (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = c.subject_user_id), $4, $5::inet
  FROM created c
)
SELECT COALESCE((SELECT c.j FROM created c), (SELECT o.j FROM open o))::text,
       EXISTS (SELECT 1 FROM created)
FROM subject
