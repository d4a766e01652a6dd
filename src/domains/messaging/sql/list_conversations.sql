-- A page of the inbox, most recent activity first. $1 caller, $2 patient
-- scopes, $3 lead scope, $4 own (true: the caller's own conversations, as
-- a patient), $5 status (open | closed | NULL), $6 assignee or NULL,
-- $7 unassigned only, $8 channel type or NULL, $9 unread (true | false |
-- NULL), $10 + $11 the cursor (last_activity_at, id of the last row shown)
-- or NULL, $12 rows to return (page size + 1). Columns: the conversation
-- as JSON, last_activity_at as the cursor text, id.
SELECT messaging_conversation_json(s)::text, to_json(s.last_activity_at) #>> '{}', s.id
FROM conversation_sessions s
WHERE s.deleted IS NOT TRUE
  AND CASE WHEN $4::boolean THEN s.user_id = $1::uuid
           ELSE conversation_visible(s.user_id, $1::uuid, $2, $3) END
  AND ($5::text IS NULL OR (s.status = 'active') = ($5::text = 'open'))
  AND ($6::uuid IS NULL OR s.assigned_to = $6::uuid)
  AND (NOT $7::boolean OR s.assigned_to IS NULL)
  AND ($8::text IS NULL OR s.channel_type = $8::text)
  AND ($9::boolean IS NULL OR (s.unread_count > 0) = $9::boolean)
  AND ($10::timestamptz IS NULL OR s.last_activity_at < $10::timestamptz
       OR (s.last_activity_at = $10::timestamptz AND s.id > $11::uuid))
ORDER BY s.last_activity_at DESC, s.id
LIMIT $12::int
