-- Messaging workflow (issue 12): what inbound webhooks, delivery statuses,
-- opt-out and conversation sessions need beyond the vision's columns of
-- 0006_messaging.sql, which stay as written (the catalog test pins them).
--
-- Ingesting one inbound message takes two statements in one transaction:
-- messaging_resolve_sender (the sender's user, channel and envelope key,
-- created when unknown; or "duplicate") and messaging_store_inbound (the
-- message, its session, opt-out, lead, media fetch, audit and journey rows).
-- Two, not one, because the content is sealed in the application with the
-- key the first one returns (docs/encryption.md).

-- ---------------------------------------------------------------------------
-- Envelope keys for users who are not patients (yet).
-- ---------------------------------------------------------------------------

-- user_data_keys: one random 256-bit data key per user, wrapped like
-- patient_data_keys (core::Seal under a master key) with associated data
-- "user_data_key:<id>" (its own id, so the application can wrap a candidate
-- key before it knows whether the user exists). Messages of a user without
-- a patient profile are sealed with it; a patient's are sealed with the
-- patient's data key. Deleting the row (or the user: cascade) shreds them.
-- Sensitivity: secrets.
CREATE TABLE user_data_keys (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  wrapped_key TEXT NOT NULL,
  master_key_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  rotated_at TIMESTAMPTZ
);

CREATE INDEX user_data_keys_master_key_id_idx ON user_data_keys (master_key_id);

-- ---------------------------------------------------------------------------
-- Channels: a canonical value, unique while live, and consent.
-- ---------------------------------------------------------------------------

-- The canonical form inbound routing matches on: E.164 for phone-like
-- channels (the WhatsApp wa_id has no '+'), lower case for e-mail; NULL when
-- the value has no such form (chat, zoom, a malformed number). The
-- application normalises with libphonenumber before writing; this is the
-- database's own, simpler rule for rows written without it (the seeder's
-- COPY, older rows).
CREATE FUNCTION messaging_normalize_channel_value(p_type TEXT, p_value TEXT)
RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN p_type = 'email' THEN nullif(lower(btrim(p_value)), '')
    WHEN p_type IN ('whatsapp', 'sms', 'phone')
         AND btrim(p_value) ~ '^\+?[0-9 ()./-]+$'
         AND regexp_replace(p_value, '[^0-9]', '', 'g') ~ '^[1-9][0-9]{6,14}$'
      THEN '+' || regexp_replace(p_value, '[^0-9]', '', 'g')
    ELSE NULL
  END
$$;

-- consent_state: whether the contact accepts messages on this channel.
-- 'opted_out' by an inbound keyword (STOP, DUR, СТОП, …), the user's block
-- or staff; back to 'opted_in' by a keyword (START, BAŞLA, …) or staff. The
-- last change is on the row (when, how, which keyword); every change is in
-- channel_consent_events.
ALTER TABLE communication_channels
  ADD COLUMN normalized_value TEXT,
  ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'opted_in'
    CONSTRAINT communication_channels_consent_state_check
    CHECK (consent_state IN ('opted_in', 'opted_out')),
  ADD COLUMN consent_changed_at TIMESTAMPTZ,
  ADD COLUMN consent_method TEXT
    CONSTRAINT communication_channels_consent_method_check
    CHECK (consent_method IN ('keyword', 'user_block', 'staff')),
  ADD COLUMN consent_keyword TEXT;

CREATE FUNCTION communication_channels_normalize() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.channel_value IS DISTINCT FROM OLD.channel_value
     OR NEW.channel_type IS DISTINCT FROM OLD.channel_type THEN
    NEW.normalized_value :=
      messaging_normalize_channel_value(NEW.channel_type, NEW.channel_value);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER communication_channels_normalize
  BEFORE INSERT OR UPDATE ON communication_channels
  FOR EACH ROW EXECUTE FUNCTION communication_channels_normalize();

-- Existing rows get their canonical value; where two live rows of one type
-- share it, only the oldest keeps it (the others stay, unrouted, for staff
-- to merge), so the unique index below can be built.
UPDATE communication_channels c SET normalized_value = n.v
FROM (
  SELECT id, messaging_normalize_channel_value(channel_type, channel_value) AS v,
         row_number() OVER (
           PARTITION BY channel_type, messaging_normalize_channel_value(channel_type, channel_value)
           ORDER BY created_at, id) AS k
  FROM communication_channels
  WHERE is_active IS NOT FALSE AND deleted IS NOT TRUE
) n
WHERE c.id = n.id AND n.k = 1 AND n.v IS NOT NULL;

-- One live channel per (type, number or address): inbound routing finds
-- exactly one user.
CREATE UNIQUE INDEX communication_channels_live_value_key
  ON communication_channels (channel_type, normalized_value)
  WHERE is_active IS NOT FALSE AND deleted IS NOT TRUE;

-- channel_consent_events: every opt-out and opt-in, append-only.
-- Sensitivity: identity PII (moderate); the keyword is the whole message
-- that matched (a fixed word, never free text).
CREATE TABLE channel_consent_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id UUID NOT NULL REFERENCES communication_channels (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('opted_in', 'opted_out')),
  method TEXT NOT NULL CHECK (method IN ('keyword', 'user_block', 'staff')),
  keyword TEXT,
  message_id UUID,  -- the inbound message that carried the keyword
  actor_user_id UUID,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX channel_consent_events_channel_id_idx
  ON channel_consent_events (channel_id, created_at);

-- ---------------------------------------------------------------------------
-- Conversation sessions: channel, assignee, unread count, the 24-hour window.
-- ---------------------------------------------------------------------------

-- last_inbound_at: the contact's last message (WhatsApp's 24-hour window
-- for free-form replies counts from it). first_response_at: the first
-- outbound message after the session opened (response-time reports).
ALTER TABLE conversation_sessions
  ADD COLUMN channel_id UUID REFERENCES communication_channels (id) ON DELETE SET NULL,
  ADD COLUMN assigned_to UUID REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0
    CONSTRAINT conversation_sessions_unread_count_check CHECK (unread_count >= 0),
  ADD COLUMN last_inbound_at TIMESTAMPTZ,
  ADD COLUMN last_outbound_at TIMESTAMPTZ,
  ADD COLUMN first_response_at TIMESTAMPTZ;

-- The open session of a user on a channel type (inbound routing, the
-- timeout job).
CREATE INDEX conversation_sessions_active_idx
  ON conversation_sessions (user_id, channel_type, last_activity_at)
  WHERE status = 'active' AND deleted IS NOT TRUE;
CREATE INDEX conversation_sessions_channel_id_idx ON conversation_sessions (channel_id);
CREATE INDEX conversation_sessions_assigned_to_idx ON conversation_sessions (assigned_to);

-- ---------------------------------------------------------------------------
-- Messages: provider ids, delivery status, session, sealed content.
-- ---------------------------------------------------------------------------

-- provider / provider_message_id: who carried the message and its id there
-- (the WhatsApp wamid, the Twilio MessageSid, the e-mail Message-ID). Unique
-- per provider: a replayed webhook inserts nothing (ON CONFLICT DO NOTHING).
-- delivery_status: outbound messages' progress, forward only
-- (messaging_status_rank; the trigger below refuses to go back).
-- content_key: which envelope key sealed content and metadata.sealed:
-- 'patient' (patient_data_keys of the user's patient profile) or 'user'
-- (user_data_keys); NULL for rows written before sealing (seeded demo rows).
ALTER TABLE messages
  ADD COLUMN provider TEXT
    CONSTRAINT messages_provider_check CHECK (provider IN ('whatsapp', 'twilio', 'email')),
  ADD COLUMN provider_message_id TEXT,
  ADD COLUMN delivery_status TEXT
    CONSTRAINT messages_delivery_status_check
    CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
  ADD COLUMN delivery_status_at TIMESTAMPTZ,
  ADD COLUMN delivery_error JSONB,
  ADD COLUMN conversation_session_id UUID
    REFERENCES conversation_sessions (id) ON DELETE SET NULL,
  ADD COLUMN content_key TEXT
    CONSTRAINT messages_content_key_check CHECK (content_key IN ('patient', 'user'));

-- A unique index rather than a constraint: ON CONFLICT uses either, and the
-- vision's tables keep exactly the vision's UNIQUE constraints.
CREATE UNIQUE INDEX messages_provider_message_id_key ON messages (provider, provider_message_id);

CREATE INDEX messages_conversation_session_id_idx
  ON messages (conversation_session_id, sent_at);

-- The order delivery statuses move in. 'failed' replaces queued and sent (a
-- message can fail after the provider accepted it) but never delivered or
-- read; a later delivery or read receipt is proof and replaces 'failed'.
CREATE FUNCTION messaging_status_rank(p_status TEXT)
RETURNS INTEGER
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_status
    WHEN 'queued' THEN 1 WHEN 'sent' THEN 2 WHEN 'failed' THEN 3
    WHEN 'delivered' THEN 4 WHEN 'read' THEN 5 ELSE 0 END
$$;

-- Whatever statement writes delivery_status, it never moves back: a late
-- 'delivered' after 'read' leaves 'read' (and its time) in place.
CREATE FUNCTION messages_delivery_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF messaging_status_rank(NEW.delivery_status) < messaging_status_rank(OLD.delivery_status) THEN
    NEW.delivery_status := OLD.delivery_status;
    NEW.delivery_status_at := OLD.delivery_status_at;
    NEW.delivery_error := OLD.delivery_error;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER messages_delivery_forward_only
  BEFORE UPDATE OF delivery_status ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_delivery_forward_only();

-- message_media_fetches: media an inbound message referred to by the
-- provider's id (WhatsApp media ids), to be downloaded and stored sealed by
-- a job. Sensitivity: ids only.
CREATE TABLE message_media_fetches (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id UUID NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  media_id TEXT NOT NULL,
  mime_type TEXT,
  sha256 TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fetched', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  stored_file_id UUID,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (message_id, media_id)
);

CREATE INDEX message_media_fetches_due_idx ON message_media_fetches (next_attempt_at)
  WHERE status = 'pending';

-- ---------------------------------------------------------------------------
-- Inbound ingest.
-- ---------------------------------------------------------------------------

-- The sender of one inbound message: serialises work on this sender
-- (advisory lock for the transaction), answers duplicate = true when the
-- provider's message id is already stored, else finds the user by a live
-- channel of this type, by a phone channel of another type or the user's
-- phone number (e-mail: the user's address), and creates what is missing:
-- an unverified user without password (role patient, status
-- pending_verification; a phone-only user gets the reserved address
-- p_placeholder_email, which can never receive mail), this channel, and the
-- envelope key (the patient's, if any; else the user's: p_key_* is stored
-- unless the user has one). Audited; the actor is the provider.
--
-- p_value is canonical (E.164, or a lower-case address).
CREATE FUNCTION messaging_resolve_sender(
  p_channel_type TEXT, p_value TEXT, p_provider TEXT, p_provider_message_id TEXT,
  p_first_name TEXT, p_last_name TEXT, p_new_user UUID, p_placeholder_email TEXT,
  p_key_id UUID, p_wrapped_key TEXT, p_master_key_id TEXT, p_request_id TEXT, p_ip INET)
RETURNS TABLE (duplicate BOOLEAN, user_id UUID, channel_id UUID, created_user BOOLEAN,
               patient_profile_id UUID, key_kind TEXT, key_id UUID, wrapped_key TEXT)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_user UUID;
  v_channel UUID;
  v_created BOOLEAN := FALSE;
  v_patient UUID;
  v_phone BOOLEAN := p_channel_type IN ('whatsapp', 'sms', 'phone');
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(
    'messaging_sender:' || CASE WHEN v_phone THEN 'phone' ELSE p_channel_type END || ':' ||
    p_value, 0));
  IF EXISTS (SELECT 1 FROM messages m
             WHERE m.provider = p_provider AND m.provider_message_id = p_provider_message_id) THEN
    RETURN QUERY SELECT TRUE, NULL::UUID, NULL::UUID, FALSE, NULL::UUID, NULL::TEXT, NULL::UUID,
                        NULL::TEXT;
    RETURN;
  END IF;

  SELECT c.id, c.user_id INTO v_channel, v_user
  FROM communication_channels c JOIN users u ON u.id = c.user_id AND u.deleted IS NOT TRUE
  WHERE c.channel_type = p_channel_type AND c.normalized_value = p_value
    AND c.is_active IS NOT FALSE AND c.deleted IS NOT TRUE;

  IF v_user IS NULL AND v_phone THEN
    SELECT c.user_id INTO v_user
    FROM communication_channels c JOIN users u ON u.id = c.user_id AND u.deleted IS NOT TRUE
    WHERE c.channel_type IN ('whatsapp', 'sms', 'phone') AND c.normalized_value = p_value
      AND c.is_active IS NOT FALSE AND c.deleted IS NOT TRUE
    ORDER BY c.created_at LIMIT 1;
    IF v_user IS NULL THEN
      SELECT u.id INTO v_user FROM users u
      WHERE u.phone_number = p_value AND u.deleted IS NOT TRUE;
    END IF;
  ELSIF v_user IS NULL THEN
    SELECT u.id INTO v_user FROM users u
    WHERE lower(u.email) = p_value AND u.deleted IS NOT TRUE;
  END IF;

  IF v_user IS NULL THEN
    INSERT INTO users (id, email, phone_number, auth_provider, user_type, status,
                       email_verified, phone_verified)
    -- A number or address still held by a soft-deleted account stays
    -- with it (both are UNIQUE): the new account gets the placeholder
    -- address, and no phone number, instead.
    VALUES (p_new_user,
            CASE WHEN v_phone OR EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = p_value)
                 THEN p_placeholder_email ELSE p_value END,
            CASE WHEN v_phone AND NOT EXISTS (SELECT 1 FROM users u WHERE u.phone_number = p_value)
                 THEN p_value END,
            p_channel_type, 'patient', 'pending_verification', FALSE, FALSE)
    RETURNING id INTO v_user;
    INSERT INTO user_profiles (user_id, first_name, last_name)
    VALUES (v_user, coalesce(p_first_name, ''), coalesce(p_last_name, ''));
    INSERT INTO user_credentials (user_id) VALUES (v_user);
    INSERT INTO user_roles (user_id, role) VALUES (v_user, 'patient');
    PERFORM care_audit(NULL, p_provider, 'create', 'users', v_user, NULL, p_request_id, p_ip,
                       ARRAY['email', 'phone_number', 'first_name', 'last_name']);
    v_created := TRUE;
  END IF;

  IF v_channel IS NULL THEN
    INSERT INTO communication_channels (user_id, channel_type, channel_value, is_primary,
                                        is_verified)
    VALUES (v_user, p_channel_type, p_value,
            NOT EXISTS (SELECT 1 FROM communication_channels c
                        WHERE c.user_id = v_user AND c.is_primary AND c.deleted IS NOT TRUE),
            FALSE)
    RETURNING id INTO v_channel;
    PERFORM care_audit(NULL, p_provider, 'create', 'communication_channels', v_channel, NULL,
                       p_request_id, p_ip, ARRAY['channel_type', 'channel_value']);
  END IF;

  SELECT p.id INTO v_patient FROM patient_profiles p
  WHERE p.user_id = v_user AND p.deleted IS NOT TRUE
  ORDER BY p.created_at LIMIT 1;
  IF v_patient IS NOT NULL THEN
    RETURN QUERY
      SELECT FALSE, v_user, v_channel, v_created, v_patient, 'patient'::TEXT, v_patient,
             (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = v_patient);
    RETURN;
  END IF;
  INSERT INTO user_data_keys (id, user_id, wrapped_key, master_key_id)
  VALUES (p_key_id, v_user, p_wrapped_key, p_master_key_id)
  ON CONFLICT (user_id) DO NOTHING;
  RETURN QUERY
    SELECT FALSE, v_user, v_channel, v_created, NULL::UUID, 'user'::TEXT, k.id, k.wrapped_key
    FROM user_data_keys k WHERE k.user_id = v_user;
END
$$;

-- Stores one inbound message resolved by messaging_resolve_sender, in the
-- same transaction:
--   * the session: the email conversation a reference (In-Reply-To,
--     References: p_thread_refs) points at, if it is this user's (reopened
--     when closed); else the user's active session on this channel type,
--     timed out first when idle longer than p_timeout_minutes; else a new
--     one. Its unread count, last activity and last inbound time move on.
--   * the message (ON CONFLICT on the provider id: stored = false);
--   * opt-out / opt-in (p_consent 'opted_out' | 'opted_in', p_keyword);
--   * the lead (p_lead_source not NULL): the oldest open lead of the user or
--     with this phone or address joins (user, last interaction, campaign if
--     it has none); a new one only for a user this message created;
--   * the campaign of an ad referral: a live campaign whose
--     target_audience->'ad_ids' holds p_referral_source_id;
--   * media to fetch (p_media: [{"id","mime_type","sha256"}]);
--   * the audit rows and, for a patient, the journey event.
CREATE FUNCTION messaging_store_inbound(
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
    SELECT l.id INTO v_lead FROM leads l
    WHERE l.deleted IS NOT TRUE AND l.status NOT IN ('converted', 'lost')
      AND (l.user_id = p_user OR (p_phone IS NOT NULL AND l.phone = p_phone)
           OR (p_email IS NOT NULL AND lower(l.email) = p_email))
    ORDER BY l.created_at LIMIT 1
    FOR UPDATE;
    IF v_lead IS NOT NULL THEN
      UPDATE leads l
      SET user_id = coalesce(l.user_id, p_user), last_interaction_at = now(),
          campaign_id = coalesce(l.campaign_id, v_campaign)
      WHERE l.id = v_lead;
      PERFORM care_audit(NULL, p_provider, 'update', 'leads', v_lead, NULL, p_request_id, p_ip,
                         ARRAY['user_id', 'last_interaction_at', 'campaign_id']);
    ELSIF p_created_user THEN
      INSERT INTO leads (user_id, phone, email, first_name, last_name, source, campaign_id,
                         last_interaction_at)
      VALUES (p_user, p_phone, p_email, nullif(p_first_name, ''), nullif(p_last_name, ''),
              p_lead_source, v_campaign, now())
      RETURNING id INTO v_lead;
      PERFORM care_audit(NULL, p_provider, 'create', 'leads', v_lead, NULL, p_request_id, p_ip,
                         ARRAY['user_id', 'phone', 'email', 'first_name', 'last_name', 'source',
                               'campaign_id']);
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

-- A provider's delivery status for the message it carried: forward only
-- (messaging_status_rank). found = false when no message has that id (a
-- status for a message sent outside imedic, or before its id was stored).
CREATE FUNCTION messaging_apply_status(
  p_provider TEXT, p_provider_message_id TEXT, p_status TEXT, p_at TIMESTAMPTZ,
  p_error JSONB, p_request_id TEXT, p_ip INET)
RETURNS TABLE (found BOOLEAN, changed BOOLEAN, delivery_status TEXT)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_id UUID;
  v_status TEXT;
  v_user UUID;
  v_changed BOOLEAN := FALSE;
BEGIN
  SELECT m.id, m.delivery_status, m.user_id INTO v_id, v_status, v_user FROM messages m
  WHERE m.provider = p_provider AND m.provider_message_id = p_provider_message_id
  FOR UPDATE;
  IF v_id IS NULL THEN
    RETURN QUERY SELECT FALSE, FALSE, NULL::TEXT;
    RETURN;
  END IF;
  IF messaging_status_rank(p_status) > messaging_status_rank(v_status) THEN
    UPDATE messages m
    SET delivery_status = p_status, delivery_status_at = coalesce(p_at, now()),
        delivery_error = CASE WHEN p_status = 'failed' THEN p_error END,
        is_read = CASE WHEN p_status = 'read' THEN TRUE ELSE m.is_read END
    WHERE m.id = v_id;
    PERFORM care_audit(NULL, p_provider, 'update', 'messages', v_id,
                       (SELECT p.id FROM patient_profiles p
                        WHERE p.user_id = v_user AND p.deleted IS NOT TRUE LIMIT 1),
                       p_request_id, p_ip,
                       ARRAY['delivery_status', 'delivery_status_at', 'delivery_error']);
    v_status := p_status;
    v_changed := TRUE;
  END IF;
  RETURN QUERY SELECT TRUE, v_changed, v_status;
END
$$;
