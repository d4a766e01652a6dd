-- One conversation the caller may see: $1 id, $2 caller, $3 patient scopes,
-- $4 lead scope, $5 own. Column: the conversation as JSON.
SELECT messaging_conversation_json(s)::text
FROM conversation_sessions s
WHERE s.id = $1::uuid AND s.deleted IS NOT TRUE
  AND CASE WHEN $5::boolean THEN s.user_id = $2::uuid
           ELSE conversation_visible(s.user_id, $2::uuid, $3, $4) END
