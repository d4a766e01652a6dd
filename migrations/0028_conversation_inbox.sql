-- The staff inbox (issue 12, items 4, 5, 7 and 11): staff send into a
-- conversation through the outbox, WhatsApp's 24-hour window with a
-- template registry, assignment with a first-response due time, close,
-- mark read, and the timeout job. 0006 and 0023's columns stay as written.

-- ---------------------------------------------------------------------------
-- Templates: what may be sent outside WhatsApp's 24-hour window.
-- ---------------------------------------------------------------------------

-- message_templates: the WhatsApp message templates the business has had
-- approved (name and language as registered with Meta). body holds {{1}},
-- {{2}} … placeholders, variable_count how many (numbered 1..n without a
-- gap, checked by the application); components the template's definition in
-- the Cloud API's shape (header, buttons) for reference. Only 'approved'
-- templates are sent. A marketing template is a marketing send (consent
-- ledger). Sensitivity: none (company text, no personal data).
CREATE TABLE message_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL CONSTRAINT message_templates_name_check
    CHECK (name ~ '^[a-z0-9_]+$' AND char_length(name) <= 512),
  language TEXT NOT NULL
    CONSTRAINT message_templates_language_check CHECK (language ~ '^[a-z]{2,3}(_[A-Z]{2})?$'),
  category TEXT NOT NULL
    CONSTRAINT message_templates_category_check
    CHECK (category IN ('marketing', 'utility', 'authentication')),
  body TEXT NOT NULL CONSTRAINT message_templates_body_check
    CHECK (char_length(body) BETWEEN 1 AND 1024),
  variable_count INTEGER NOT NULL DEFAULT 0
    CONSTRAINT message_templates_variable_count_check CHECK (variable_count BETWEEN 0 AND 20),
  components JSONB NOT NULL DEFAULT '[]'
    CONSTRAINT message_templates_components_check CHECK (jsonb_typeof(components) = 'array'),
  status TEXT NOT NULL DEFAULT 'pending'
    CONSTRAINT message_templates_status_check
    CHECK (status IN ('pending', 'approved', 'rejected', 'paused', 'disabled')),
  version INTEGER NOT NULL DEFAULT 1,
  created_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT message_templates_name_language_key UNIQUE (name, language)
);

CREATE INDEX message_templates_created_by_idx ON message_templates (created_by);

CREATE TRIGGER message_templates_set_updated_at
  BEFORE UPDATE ON message_templates
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------
-- Outbound messages: who wrote them, why, and their outbox row.
-- ---------------------------------------------------------------------------

-- sent_by: the staff member who wrote an outgoing message. purpose: 'care'
-- (a reply, a transactional message) or 'marketing' (checked against the
-- consent ledger at send time). template_id: the template it was sent as.
ALTER TABLE messages
  ADD COLUMN sent_by UUID REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN purpose TEXT CONSTRAINT messages_purpose_check CHECK (purpose IN ('care', 'marketing')),
  ADD COLUMN template_id UUID REFERENCES message_templates (id) ON DELETE SET NULL;

CREATE INDEX messages_sent_by_idx ON messages (sent_by);
CREATE INDEX messages_template_id_idx ON messages (template_id);

-- The message an outbox row carries: its delivery (the provider's id, sent,
-- failed) is written onto that message, so the provider's later status
-- webhooks (found by provider_message_id) land on it.
ALTER TABLE outbox ADD COLUMN message_id UUID REFERENCES messages (id) ON DELETE SET NULL;
CREATE INDEX outbox_message_id_idx ON outbox (message_id) WHERE message_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- Sessions: assignment and the first-response due time.
-- ---------------------------------------------------------------------------

ALTER TABLE conversation_sessions
  ADD COLUMN assigned_at TIMESTAMPTZ,
  ADD COLUMN first_response_due_at TIMESTAMPTZ;

-- The inbox: most recent activity first; the timeout job: quiet active ones.
CREATE INDEX conversation_sessions_activity_idx
  ON conversation_sessions (last_activity_at DESC, id) WHERE deleted IS NOT TRUE;
CREATE INDEX conversation_sessions_idle_idx
  ON conversation_sessions (last_activity_at) WHERE status = 'active' AND deleted IS NOT TRUE;

-- message_send_refusals: sends refused by a rule (opted-out channel, no
-- marketing consent, WhatsApp's 24-hour window), kept as the evidence that
-- the rule held. Sensitivity: ids only.
CREATE TABLE message_send_refusals (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_session_id UUID NOT NULL REFERENCES conversation_sessions (id) ON DELETE CASCADE,
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel_type TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('care', 'marketing')),
  reason TEXT NOT NULL CONSTRAINT message_send_refusals_reason_check
    CHECK (reason IN ('opted_out', 'no_marketing_consent', 'outside_window')),
  refused_by UUID REFERENCES users (id) ON DELETE SET NULL,
  request_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX message_send_refusals_session_idx ON message_send_refusals (conversation_session_id);
CREATE INDEX message_send_refusals_user_id_idx ON message_send_refusals (user_id);
CREATE INDEX message_send_refusals_refused_by_idx ON message_send_refusals (refused_by);

-- ---------------------------------------------------------------------------
-- Who sees a conversation.
-- ---------------------------------------------------------------------------

-- A conversation belongs to a user: staff see it when their patient scope
-- reaches that user's patient profile (care coordinators: their patients)
-- or their lead scope a live lead of that user (sales: their leads).
-- Patients use /me/conversations, which asks for their own user id instead.
CREATE FUNCTION conversation_visible(p_user UUID, p_viewer UUID, p_patient_scopes TEXT,
                                     p_lead_scope TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM patient_profiles pp
                 WHERE pp.user_id = p_user AND pp.deleted IS NOT TRUE
                   AND patient_visible(pp.id, p_viewer, p_patient_scopes))
      OR EXISTS (SELECT 1 FROM leads l
                 WHERE l.user_id = p_user AND l.deleted IS NOT TRUE
                   AND lead_visible(l.assigned_to, p_viewer, p_lead_scope))
$$;

-- ---------------------------------------------------------------------------
-- Sending.
-- ---------------------------------------------------------------------------

-- One staff message into a conversation, in the caller's transaction: the
-- messages row (outgoing, queued, content sealed by the application), its
-- outbox row (p_payload: the adapter's payload, scrubbed once delivered),
-- the session's activity, first response and reopening, the audit rows and,
-- for a patient, the message_sent journey event. Returns the message as
-- messaging_message_json shows it.
CREATE FUNCTION messaging_send(
  p_message UUID, p_session UUID, p_user UUID, p_channel UUID, p_channel_type TEXT,
  p_patient UUID, p_content TEXT, p_content_key TEXT, p_metadata JSONB, p_purpose TEXT,
  p_template UUID, p_recipient TEXT, p_payload JSONB, p_actor UUID, p_role TEXT,
  p_request_id TEXT, p_ip INET)
RETURNS JSONB
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_outbox_channel TEXT := CASE p_channel_type WHEN 'whatsapp' THEN 'whatsapp'
                                               WHEN 'sms' THEN 'sms' ELSE 'email' END;
BEGIN
  INSERT INTO messages (id, user_id, channel_id, direction, message_type, content, metadata,
                        is_read, sent_at, provider, delivery_status, delivery_status_at,
                        conversation_session_id, content_key, sent_by, purpose, template_id)
  VALUES (p_message, p_user, p_channel, 'outgoing', 'text', p_content, p_metadata, TRUE, now(),
          CASE v_outbox_channel WHEN 'sms' THEN 'twilio' ELSE v_outbox_channel END, 'queued',
          now(), p_session, p_content_key, p_actor, p_purpose, p_template);
  PERFORM care_audit(p_actor, p_role, 'create', 'messages', p_message, p_patient, p_request_id,
                     p_ip, ARRAY['content', 'metadata', 'delivery_status']);

  INSERT INTO outbox (user_id, channel, recipient, template, payload, message_id)
  VALUES (p_user, v_outbox_channel, p_recipient, 'conversation_message', p_payload, p_message);

  UPDATE conversation_sessions s
  SET last_activity_at = now(), last_outbound_at = now(),
      first_response_at = CASE WHEN s.first_response_at IS NULL AND s.last_inbound_at IS NOT NULL
                               THEN now() ELSE s.first_response_at END,
      status = 'active', ended_at = NULL,
      channel_id = coalesce(s.channel_id, p_channel)
  WHERE s.id = p_session;
  PERFORM care_audit(p_actor, p_role, 'update', 'conversation_sessions', p_session, p_patient,
                     p_request_id, p_ip,
                     ARRAY['last_activity_at', 'last_outbound_at', 'first_response_at']);

  IF p_patient IS NOT NULL THEN
    PERFORM record_journey_event(p_patient, NULL, 'message_sent', p_actor,
      jsonb_build_object('message_id', p_message, 'channel', p_channel_type,
                         'conversation_session_id', p_session, 'purpose', p_purpose),
      'api');
  END IF;
  RETURN (SELECT messaging_message_json(m) FROM messages m WHERE m.id = p_message);
END
$$;

-- ---------------------------------------------------------------------------
-- Permissions: template management, and sales in the inbox.
-- ---------------------------------------------------------------------------

INSERT INTO permissions (name, description, sensitivity) VALUES
  ('message_templates.manage', 'Register and change WhatsApp message templates', 'low');

-- Sales talk to their leads (lead scope); marketing reads no conversation.
INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'message_templates.manage'),
  ('sales', 'messages.read'),
  ('sales', 'messages.write');

-- ---------------------------------------------------------------------------
-- Reading.
-- ---------------------------------------------------------------------------

-- A conversation as the inbox shows it. window_open: a free-form WhatsApp
-- message may go out now (the contact wrote within 24 hours); other
-- channels have no window. contact_name: the user's profile name.
CREATE FUNCTION messaging_conversation_json(s conversation_sessions)
RETURNS JSONB
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', s.id, 'user_id', s.user_id,
    'patient_profile_id', (SELECT pp.id FROM patient_profiles pp
                           WHERE pp.user_id = s.user_id AND pp.deleted IS NOT TRUE LIMIT 1),
    'lead_id', (SELECT l.id FROM leads l WHERE l.user_id = s.user_id AND l.deleted IS NOT TRUE
                ORDER BY l.created_at LIMIT 1),
    'contact_name', (SELECT nullif(btrim(concat_ws(' ', p.first_name, p.last_name)), '')
                     FROM user_profiles p WHERE p.user_id = s.user_id LIMIT 1),
    'channel_type', s.channel_type,
    'status', CASE WHEN s.status = 'active' THEN 'open' ELSE 'closed' END,
    'session_status', s.status,
    'assigned_to', s.assigned_to, 'assigned_at', s.assigned_at,
    'unread_count', s.unread_count,
    'started_at', s.started_at, 'ended_at', s.ended_at,
    'last_activity_at', s.last_activity_at,
    'last_inbound_at', s.last_inbound_at, 'last_outbound_at', s.last_outbound_at,
    'first_response_at', s.first_response_at,
    'first_response_due_at', s.first_response_due_at,
    'window_open', s.channel_type <> 'whatsapp'
                   OR coalesce(s.last_inbound_at > now() - interval '24 hours', FALSE),
    'window_closes_at', CASE WHEN s.channel_type = 'whatsapp'
                             THEN s.last_inbound_at + interval '24 hours' END)
$$;

-- A message as a thread shows it, without its text (sealed: the application
-- opens it) and without metadata.sealed.
CREATE FUNCTION messaging_message_json(m messages)
RETURNS JSONB
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', m.id, 'conversation_session_id', m.conversation_session_id,
    'direction', m.direction, 'message_type', m.message_type,
    'metadata', coalesce(m.metadata, '{}'::jsonb) - 'sealed',
    'provider', m.provider, 'delivery_status', m.delivery_status,
    'delivery_status_at', m.delivery_status_at, 'delivery_error', m.delivery_error,
    'is_read', m.is_read, 'sent_at', m.sent_at, 'sent_by', m.sent_by, 'purpose', m.purpose,
    'template_id', m.template_id)
$$;
