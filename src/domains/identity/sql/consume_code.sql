-- Tries a one-time code ($3 = its keyed hash) for the user with email $1
-- and purpose $2: counts the attempt, consumes the code when it matches.
-- Returns the user id and whether it matched; no row when there is no
-- live code (expired, used up, or never sent).
WITH target AS (
  SELECT vc.id, vc.user_id, vc.code_hash = $3 AS matches
  FROM users u
  JOIN verification_codes vc ON vc.user_id = u.id
  WHERE u.email = $1
    AND u.deleted IS NOT TRUE
    AND vc.purpose = $2
    AND vc.consumed_at IS NULL
    AND vc.expires_at > now()
    AND vc.attempts < vc.max_attempts
  ORDER BY vc.created_at DESC
  LIMIT 1
  FOR UPDATE OF vc
)
UPDATE verification_codes vc
SET attempts = vc.attempts + 1,
    consumed_at = CASE WHEN t.matches THEN now() END
FROM target t
WHERE vc.id = t.id
RETURNING t.user_id, t.matches
