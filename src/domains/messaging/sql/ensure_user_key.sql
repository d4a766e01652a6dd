-- The user's own envelope key, stored from the application's candidate
-- unless the user has one already: $1 candidate key id, $2 user, $3 its
-- wrapping, $4 its master key id. Columns: the key id and its wrapping.
WITH ins AS (
  INSERT INTO user_data_keys (id, user_id, wrapped_key, master_key_id)
  VALUES ($1::uuid, $2::uuid, $3, $4)
  ON CONFLICT (user_id) DO NOTHING
  RETURNING id, wrapped_key)
SELECT id, wrapped_key FROM ins
UNION ALL
SELECT id, wrapped_key FROM user_data_keys WHERE user_id = $2::uuid
LIMIT 1
