-- A failed attempt that may succeed later ($2: a short reason without
-- personal data): retried with exponential backoff (10 s, 20 s, 40 s … at
-- most an hour) with "equal jitter" (half the step fixed, half random) so
-- nodes retrying after one provider outage do not all come back at once;
-- after max_attempts, dead-lettered with its payload scrubbed, and a
-- conversation message it carried marked failed.
WITH f AS (
  UPDATE outbox
  SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'failed' END,
      payload = CASE WHEN attempts >= max_attempts THEN '{}'::jsonb ELSE payload END,
      last_error = $2,
      next_attempt_at = now() + make_interval(
        secs => least(3600, 10 * power(2, attempts - 1)) * (0.5 + random() / 2))
  WHERE id = $1
  RETURNING status, message_id),
msg AS (
  UPDATE messages m
  SET delivery_status = 'failed', delivery_status_at = now(),
      delivery_error = jsonb_build_object('reason', $2::text)
  FROM f
  WHERE f.status = 'dead' AND m.id = f.message_id)
SELECT status FROM f
