-- Seconds until the busier of two buckets ($1 account, $2 address) allows
-- another sign-in attempt; 0 when both allow it.
SELECT COALESCE(ceil(extract(epoch FROM max(blocked_until) - now())), 0)::int
FROM login_throttles
WHERE bucket IN ($1, $2) AND blocked_until > now()
