-- Delivered: the payload (which may hold a one-time code) is scrubbed and
-- the provider's message id ($2, NULL for the file channel) kept, so the
-- provider's status callbacks find the row. A conversation message
-- (outbox.message_id, migration 0028) gets the provider and its id too and
-- moves to 'sent' (forward only): the provider's status webhooks, which
-- look messages up by that id, then land on it.
WITH sent AS (
  UPDATE outbox
  SET status = 'sent', sent_at = now(), payload = '{}', last_error = NULL,
      provider_message_id = $2
  WHERE id = $1
  RETURNING message_id, channel),
msg AS (
  UPDATE messages m
  SET provider = CASE s.channel WHEN 'sms' THEN 'twilio' WHEN 'whatsapp' THEN 'whatsapp'
                                ELSE 'email' END,
      provider_message_id = coalesce($2, m.provider_message_id),
      delivery_status = 'sent', delivery_status_at = now()
  FROM sent s
  WHERE m.id = s.message_id
  RETURNING m.id, m.user_id)
INSERT INTO audit_log (actor_role, action, table_name, row_id, subject_patient_profile_id,
                       changed_columns)
SELECT 'outbox', 'update', 'messages', msg.id::text,
       (SELECT pp.id FROM patient_profiles pp
        WHERE pp.user_id = msg.user_id AND pp.deleted IS NOT TRUE LIMIT 1),
       ARRAY['provider', 'provider_message_id', 'delivery_status']
FROM msg
