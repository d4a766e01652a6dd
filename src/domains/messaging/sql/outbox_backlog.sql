-- What waits in the outbox, for /metrics: messages still to deliver, the age
-- in milliseconds of the oldest of them (0 when none), and dead letters. The
-- partial index outbox_due_idx covers the first two; dead letters are few.
SELECT count(*) FILTER (WHERE status IN ('pending', 'failed', 'sending')),
       coalesce(extract(epoch FROM now() - min(created_at)
                FILTER (WHERE status IN ('pending', 'failed', 'sending'))) * 1000, 0)::bigint,
       count(*) FILTER (WHERE status = 'dead')
FROM outbox
WHERE status IN ('pending', 'failed', 'sending', 'dead')
