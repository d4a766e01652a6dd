-- One batch of users' data keys (migration 0023, user_data_keys) wrapped
-- under a master key other than the active one, locked for re-wrapping.
-- $1 active master key id, $2 batch size.
SELECT id, wrapped_key
FROM user_data_keys
WHERE master_key_id <> $1
ORDER BY id
LIMIT $2::int
FOR UPDATE SKIP LOCKED
