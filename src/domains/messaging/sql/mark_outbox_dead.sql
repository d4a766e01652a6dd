-- A permanent refusal (the provider answered 4xx: bad number, unknown
-- template, invalid payload): retrying cannot help, so the message is
-- dead-lettered at once ($2: the short reason, no personal data) and its
-- payload scrubbed. A conversation message it carried is marked failed.
WITH dead AS (
  UPDATE outbox
  SET status = 'dead', payload = '{}', last_error = $2
  WHERE id = $1
  RETURNING message_id)
UPDATE messages m
SET delivery_status = 'failed', delivery_status_at = now(),
    delivery_error = jsonb_build_object('reason', $2::text)
FROM dead d
WHERE m.id = d.message_id
