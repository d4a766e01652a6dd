-- Tries a one-time code ($3 = keyed hash) of user $1 for purpose $2, as
-- consume_code but for a signed-in user. Returns the user id and whether it matched.
WITH target AS (
  SELECT vc.id, vc.user_id, vc.code_hash = $3 AS matches
  FROM verification_codes vc
  WHERE vc.user_id = $1 AND vc.purpose = $2 AND vc.consumed_at IS NULL
    AND vc.expires_at > now() AND vc.attempts < vc.max_attempts
  ORDER BY vc.created_at DESC
  LIMIT 1
  FOR UPDATE OF vc
)
UPDATE verification_codes vc
SET attempts = vc.attempts + 1, consumed_at = CASE WHEN t.matches THEN now() END
FROM target t
WHERE vc.id = t.id
RETURNING t.user_id, t.matches
