-- The sealer's queue: committed rows not yet in the chain, oldest id first,
-- with their content columns rendered as the chain hashes them
-- (occurred_at as RFC 3339 UTC with microseconds, independent of the
-- session's TimeZone and DateStyle). Column order = kAuditContentColumns.
SELECT id,
       to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id,
       request_id, ip, changed_columns, reason
FROM audit_log
WHERE chain_seq IS NULL
ORDER BY id
LIMIT $1::int
