-- Delivered: the payload (which may hold a one-time code) is scrubbed.
UPDATE outbox
SET status = 'sent', sent_at = now(), payload = '{}', last_error = NULL
WHERE id = $1
