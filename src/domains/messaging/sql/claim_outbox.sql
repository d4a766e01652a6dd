-- Claims up to $1 due messages for delivery. Claiming takes a 5-minute
-- lease (next_attempt_at), so a message whose sender died mid-way is
-- claimed again later; SKIP LOCKED lets several nodes dispatch at once.
UPDATE outbox o
SET status = 'sending', attempts = o.attempts + 1,
    next_attempt_at = now() + interval '5 minutes'
WHERE o.id IN (
  SELECT id FROM outbox
  WHERE status IN ('pending', 'failed', 'sending') AND next_attempt_at <= now()
  ORDER BY next_attempt_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
RETURNING o.id, o.channel, o.recipient, o.template, o.payload::text, o.attempts, o.max_attempts
