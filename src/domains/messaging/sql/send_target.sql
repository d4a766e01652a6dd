-- The conversation a staff member sends into, locked for the send: its
-- user, channel (the session's, else the user's live primary one of that
-- type), consent, WhatsApp window, marketing consent and the wrapped keys
-- its content is sealed with. No row outside the caller's scope.
-- $1 session, $2 caller, $3 patient scopes, $4 lead scope. Columns: user,
-- channel type, channel id, recipient, consent state, within the window,
-- marketing consent, patient profile, user key id, user key wrapping.
SELECT s.user_id, s.channel_type, ch.id, coalesce(ch.normalized_value, ch.channel_value),
       ch.consent_state,
       coalesce(s.last_inbound_at > now() - interval '24 hours', FALSE),
       consent_allows(s.user_id, 'marketing_' || s.channel_type),
       (SELECT pp.id FROM patient_profiles pp
        WHERE pp.user_id = s.user_id AND pp.deleted IS NOT TRUE LIMIT 1),
       uk.id, uk.wrapped_key
FROM conversation_sessions s
LEFT JOIN LATERAL (
  SELECT c.id, c.normalized_value, c.channel_value, c.consent_state
  FROM communication_channels c
  WHERE c.id = s.channel_id
     OR (c.user_id = s.user_id AND c.channel_type = s.channel_type
         AND c.is_active IS NOT FALSE AND c.deleted IS NOT TRUE)
  ORDER BY c.id = s.channel_id DESC, c.is_primary IS TRUE DESC, c.created_at
  LIMIT 1) ch ON TRUE
LEFT JOIN user_data_keys uk ON uk.user_id = s.user_id
WHERE s.id = $1::uuid AND s.deleted IS NOT TRUE
  AND conversation_visible(s.user_id, $2::uuid, $3, $4)
FOR UPDATE OF s
