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
  ('message_templates.read', 'Read the WhatsApp message templates', 'low'),
  ('message_templates.manage', 'Register and change WhatsApp message templates', 'low');

-- Those who send choose templates; admins manage them. Sales talk to their
-- leads (lead scope); marketing reads no conversation.
INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'message_templates.read'),
  ('admin', 'message_templates.manage'),
  ('care_coordinator', 'message_templates.read'),
  ('sales', 'message_templates.read'),
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


-- ---------------------------------------------------------------------------
-- Unknown senders' leads through the lead pipeline's capture.
-- ---------------------------------------------------------------------------

-- messaging_store_inbound as 0023 wrote it, except the lead: an inbound
-- message joins or makes its lead through lead_capture_touch (0024), the
-- one way a lead enters from outside, so it gets its touch (channel =
-- the source), the assignment rules and the capture's dedupe locks. The
-- rules stay: an open lead of the user, number or address is joined; a new
-- lead only for a user this message created; an ad referral sets the
-- campaign when the lead has none.
CREATE OR REPLACE FUNCTION messaging_store_inbound(
  p_message UUID, p_user UUID, p_channel UUID, p_created_user BOOLEAN, p_patient UUID,
  p_channel_type TEXT, p_provider TEXT, p_provider_message_id TEXT, p_message_type TEXT,
  p_content TEXT, p_content_key TEXT, p_metadata JSONB, p_sent_at TIMESTAMPTZ,
  p_consent TEXT, p_keyword TEXT, p_lead_source TEXT, p_phone TEXT, p_email TEXT,
  p_first_name TEXT, p_last_name TEXT, p_referral_source_id TEXT, p_thread_refs TEXT[],
  p_timeout_minutes INTEGER, p_media JSONB, p_request_id TEXT, p_ip INET)
RETURNS TABLE (stored BOOLEAN, message_id UUID, session_id UUID, lead_id UUID)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_session UUID;
  v_status TEXT;
  v_idle BOOLEAN;
  v_message UUID;
  v_lead UUID;
  v_campaign UUID;
  v_lead_email TEXT;
  v_lead_phone TEXT;
  v_state TEXT;
BEGIN
  IF p_thread_refs IS NOT NULL AND cardinality(p_thread_refs) > 0 THEN
    SELECT m.conversation_session_id INTO v_session
    FROM messages m JOIN conversation_sessions s ON s.id = m.conversation_session_id
    WHERE m.provider = p_provider AND m.provider_message_id = ANY (p_thread_refs)
      AND m.user_id = p_user AND s.user_id = p_user AND s.deleted IS NOT TRUE
    ORDER BY m.sent_at DESC LIMIT 1;
    IF v_session IS NOT NULL THEN
      UPDATE conversation_sessions s SET status = 'active', ended_at = NULL
      WHERE s.id = v_session AND s.status <> 'active';
    END IF;
  END IF;
  IF v_session IS NULL THEN
    SELECT s.id, s.last_activity_at < now() - make_interval(mins => p_timeout_minutes)
      INTO v_session, v_idle
    FROM conversation_sessions s
    WHERE s.user_id = p_user AND s.channel_type = p_channel_type AND s.status = 'active'
      AND s.deleted IS NOT TRUE
    ORDER BY s.last_activity_at DESC LIMIT 1
    FOR UPDATE;
    IF v_session IS NOT NULL AND v_idle THEN
      UPDATE conversation_sessions s SET status = 'timeout', ended_at = now()
      WHERE s.id = v_session;
      v_session := NULL;
    END IF;
  END IF;
  IF v_session IS NULL THEN
    v_session := gen_random_uuid();
    INSERT INTO conversation_sessions (id, user_id, session_id, channel_type, channel_id, status,
                                       metadata)
    VALUES (v_session, p_user, v_session::TEXT, p_channel_type, p_channel, 'active',
            jsonb_build_object('opened_by', 'inbound'));
    PERFORM care_audit(NULL, p_provider, 'create', 'conversation_sessions', v_session, p_patient,
                       p_request_id, p_ip);
  END IF;

  INSERT INTO messages (id, user_id, channel_id, direction, message_type, content, metadata,
                        is_read, sent_at, provider, provider_message_id, conversation_session_id,
                        content_key)
  VALUES (p_message, p_user, p_channel, 'incoming', p_message_type, p_content, p_metadata, FALSE,
          coalesce(p_sent_at, now()), p_provider, p_provider_message_id, v_session, p_content_key)
  ON CONFLICT (provider, provider_message_id) DO NOTHING
  RETURNING id INTO v_message;
  IF v_message IS NULL THEN
    RETURN QUERY SELECT FALSE, NULL::UUID, NULL::UUID, NULL::UUID;
    RETURN;
  END IF;
  PERFORM care_audit(NULL, p_provider, 'create', 'messages', v_message, p_patient, p_request_id,
                     p_ip, ARRAY['content', 'metadata']);

  UPDATE conversation_sessions s
  SET last_activity_at = greatest(s.last_activity_at, now()),
      last_inbound_at = greatest(s.last_inbound_at, coalesce(p_sent_at, now())),
      unread_count = s.unread_count + 1,
      channel_id = coalesce(s.channel_id, p_channel)
  WHERE s.id = v_session;

  IF p_consent IS NOT NULL THEN
    SELECT c.consent_state INTO v_state FROM communication_channels c WHERE c.id = p_channel
    FOR UPDATE;
    IF v_state IS DISTINCT FROM p_consent THEN
      UPDATE communication_channels c
      SET consent_state = p_consent, consent_changed_at = now(), consent_method = 'keyword',
          consent_keyword = p_keyword
      WHERE c.id = p_channel;
      INSERT INTO channel_consent_events (channel_id, state, method, keyword, message_id)
      VALUES (p_channel, p_consent, 'keyword', p_keyword, v_message);
      PERFORM care_audit(NULL, p_provider, 'update', 'communication_channels', p_channel,
                         p_patient, p_request_id, p_ip,
                         ARRAY['consent_state', 'consent_changed_at', 'consent_method',
                               'consent_keyword']);
    END IF;
  END IF;

  IF p_lead_source IS NOT NULL THEN
    IF p_referral_source_id IS NOT NULL THEN
      SELECT c.id INTO v_campaign FROM marketing_campaigns c
      WHERE c.deleted IS NOT TRUE AND c.target_audience -> 'ad_ids' ? p_referral_source_id
      ORDER BY c.created_at LIMIT 1;
    END IF;
    -- The open lead of this user, number or address; its own email and
    -- phone lead lead_capture_touch to it (a lead known by the user only
    -- has other keys than this channel's).
    SELECT l.id, l.email, l.phone INTO v_lead, v_lead_email, v_lead_phone FROM leads l
    WHERE lead_is_open(l.stage, l.merged_into, l.deleted)
      AND (l.user_id = p_user OR (p_phone IS NOT NULL AND l.phone = p_phone)
           OR (p_email IS NOT NULL AND lower(l.email) = p_email))
    ORDER BY l.created_at LIMIT 1;
    -- A new lead only for a user this message created; a known user
    -- without an open lead (a patient writing) is not a lead again.
    IF v_lead IS NOT NULL OR p_created_user THEN
      SELECT t.lead_id INTO v_lead
      FROM lead_capture_touch(
        p_lead_source,
        CASE WHEN v_lead IS NOT NULL AND (v_lead_email IS NOT NULL OR v_lead_phone IS NOT NULL)
             THEN v_lead_email ELSE p_email END,
        CASE WHEN v_lead IS NOT NULL AND (v_lead_email IS NOT NULL OR v_lead_phone IS NOT NULL)
             THEN v_lead_phone ELSE p_phone END,
        p_user,
        jsonb_strip_nulls(jsonb_build_object('first_name', nullif(p_first_name, ''),
                                             'last_name', nullif(p_last_name, ''))),
        '{}'::jsonb, p_request_id, p_ip) t;
      -- What the capture does not know: this channel's number or address
      -- and the ad referral's campaign.
      UPDATE leads l
      SET user_id = coalesce(l.user_id, p_user), phone = coalesce(l.phone, p_phone),
          email = coalesce(l.email, p_email), campaign_id = coalesce(l.campaign_id, v_campaign)
      WHERE l.id = v_lead
        AND (l.user_id IS NULL OR (l.phone IS NULL AND p_phone IS NOT NULL)
             OR (l.email IS NULL AND p_email IS NOT NULL)
             OR (l.campaign_id IS NULL AND v_campaign IS NOT NULL));
    END IF;
  END IF;

  IF p_media IS NOT NULL AND jsonb_typeof(p_media) = 'array' THEN
    INSERT INTO message_media_fetches (message_id, provider, media_id, mime_type, sha256)
    SELECT v_message, p_provider, e ->> 'id', e ->> 'mime_type', e ->> 'sha256'
    FROM jsonb_array_elements(p_media) e
    WHERE e ->> 'id' IS NOT NULL
    ON CONFLICT (message_id, media_id) DO NOTHING;
  END IF;

  IF p_patient IS NOT NULL THEN
    PERFORM record_journey_event(p_patient, NULL, 'message_received', NULL,
      jsonb_build_object('message_id', v_message, 'channel', p_channel_type,
                         'conversation_session_id', v_session),
      p_provider);
  END IF;

  RETURN QUERY SELECT TRUE, v_message, v_session, v_lead;
END
$$;
