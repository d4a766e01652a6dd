-- One batch of the chain for verification, in chain order, resuming after
-- the position ($1 chain_seq, $2 id) of the last row seen; $3 batch size.
-- Ordering by (chain_seq, id) walks duplicate positions too (a forged row
-- where the unique constraint was dropped). Content columns from index 3 on,
-- rendered as in audit_pending.sql.
SELECT chain_seq, encode(hash, 'hex'), hash_key_id,
       id,
       to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id,
       request_id, ip, changed_columns, reason
FROM audit_log
WHERE chain_seq >= $1::bigint AND (chain_seq, id) > ($1::bigint, $2::bigint)
ORDER BY chain_seq, id
LIMIT $3::int
