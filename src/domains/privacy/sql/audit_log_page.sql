-- GET /audit-log: one page of the trail, newest first, rendered as JSON, with
-- the read itself audited in the same statement.
-- Filters (NULL = any): $1 actor user id, $2 subject patient profile id,
-- $3 table name, $4 action, $5 from (inclusive), $6 to (exclusive),
-- $7 before_id (keyset cursor); $8 page size.
-- The reader: $9 user id, $10 role, $11 request id, $12 ip.
-- Returns the items as a JSON array and, when more rows follow, the cursor
-- for the next page (the smallest id shown).
WITH page AS (
  SELECT *
  FROM audit_log
  WHERE ($1::uuid IS NULL OR actor_user_id = $1::uuid)
    AND ($2::uuid IS NULL OR subject_patient_profile_id = $2::uuid)
    AND ($3::text IS NULL OR table_name = $3::text)
    AND ($4::text IS NULL OR action = $4::text)
    AND ($5::timestamptz IS NULL OR occurred_at >= $5::timestamptz)
    AND ($6::timestamptz IS NULL OR occurred_at < $6::timestamptz)
    AND ($7::bigint IS NULL OR id < $7::bigint)
  ORDER BY id DESC
  LIMIT $8::int + 1
), shown AS (
  SELECT * FROM page ORDER BY id DESC LIMIT $8::int
), audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name,
                         subject_patient_profile_id, request_id, ip)
  VALUES ($9::uuid, $10, 'read', 'audit_log', $2::uuid, $11, $12::inet)
)
SELECT coalesce(json_agg(json_build_object(
         'id', id,
         'occurred_at', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         'actor_user_id', actor_user_id,
         'actor_role', actor_role,
         'action', action,
         'table', table_name,
         'row_id', row_id,
         'patient_profile_id', subject_patient_profile_id,
         'request_id', request_id,
         'ip', host(ip),
         'changed_columns', changed_columns,
         'reason', reason,
         'chain_seq', chain_seq) ORDER BY id DESC), '[]'::json)::text,
       CASE WHEN (SELECT count(*) FROM page) > $8::int THEN min(id) END
FROM shown
