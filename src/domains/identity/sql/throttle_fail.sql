-- Counts a failed sign-in in both buckets ($1 account, $2 address). After
-- $3 failures a bucket is blocked for 2^(failures - $3) seconds, capped at
-- 15 minutes; failures older than an hour are forgotten.
INSERT INTO login_throttles AS t (bucket, failures, blocked_until, last_failure_at)
SELECT b, 1, NULL, now() FROM unnest(ARRAY[$1::text, $2::text]) AS b
ON CONFLICT (bucket) DO UPDATE
SET failures = CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1
                    ELSE t.failures + 1 END,
    last_failure_at = now(),
    blocked_until = CASE
      WHEN t.last_failure_at >= now() - interval '1 hour' AND t.failures + 1 >= $3
      THEN now() + make_interval(secs => least(900, power(2, t.failures + 1 - $3)))
      ELSE t.blocked_until END
