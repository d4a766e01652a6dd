-- A permanent refusal (the provider answered 4xx: bad number, unknown
-- template, invalid payload): retrying cannot help, so the message is
-- dead-lettered at once ($2: the short reason, no personal data) and its
-- payload scrubbed.
UPDATE outbox
SET status = 'dead', payload = '{}', last_error = $2
WHERE id = $1
