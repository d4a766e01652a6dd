-- Claimed messages this dispatch ran out of time for ($1: their ids) go
-- back, due now and with the claim's attempt undone, before their lease
-- runs out: another node could otherwise claim and send them while this
-- one still works through its batch.
UPDATE outbox
SET status = CASE WHEN attempts <= 1 THEN 'pending' ELSE 'failed' END,
    attempts = greatest(attempts - 1, 0),
    next_attempt_at = now()
WHERE id = ANY($1::bigint[]) AND status = 'sending'
