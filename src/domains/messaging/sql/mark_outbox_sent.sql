-- Delivered: the payload (which may hold a one-time code) is scrubbed and
-- the provider's message id ($2, NULL for the file channel) kept, so the
-- provider's status callbacks find the row.
UPDATE outbox
SET status = 'sent', sent_at = now(), payload = '{}', last_error = NULL,
    provider_message_id = $2
WHERE id = $1
