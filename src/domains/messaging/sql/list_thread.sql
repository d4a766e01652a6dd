-- A page of a conversation's messages, newest first (its visibility is
-- checked by thread_keys.sql in the same request). $1 conversation,
-- $2 + $3 the cursor (sent_at, id of the last row shown) or NULL, $4 rows
-- to return (page size + 1). Columns: the message as JSON (without its
-- text), the sealed content, its key kind, id, sent_at as the cursor text.
SELECT messaging_message_json(m)::text, m.content, m.content_key, m.id,
       to_json(m.sent_at) #>> '{}'
FROM messages m
WHERE m.conversation_session_id = $1::uuid AND m.deleted IS NOT TRUE
  AND ($2::timestamptz IS NULL OR m.sent_at < $2::timestamptz
       OR (m.sent_at = $2::timestamptz AND m.id > $3::uuid))
ORDER BY m.sent_at DESC, m.id
LIMIT $4::int
