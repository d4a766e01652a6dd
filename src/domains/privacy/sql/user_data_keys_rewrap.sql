-- Stores re-wrapped user data keys (same key, new wrapping).
-- $1 uuid[] key ids, $2 text[] wrapped keys (same order), $3 the master key
-- id they are now wrapped under.
UPDATE user_data_keys AS k
SET wrapped_key = v.wrapped_key, master_key_id = $3, rotated_at = now()
FROM unnest($1::uuid[], $2::text[]) AS v (id, wrapped_key)
WHERE k.id = v.id
