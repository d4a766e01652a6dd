-- Messaging: how we reach a user, what was said, and conversation sessions.

-- communication_channels: a user's contact endpoints (WhatsApp, email, SMS,
-- phone, chat, Zoom) with verification state.
-- Sensitivity: identity PII (moderate).
CREATE TABLE communication_channels (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_type TEXT NOT NULL
    CHECK (channel_type IN ('whatsapp', 'email', 'sms', 'phone', 'chat', 'zoom')),
  channel_value TEXT NOT NULL,  -- phone number, email address, ...
  is_primary BOOLEAN DEFAULT FALSE,
  is_verified BOOLEAN DEFAULT FALSE,
  is_active BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX communication_channels_user_id_idx ON communication_channels (user_id);
-- Inbound routing: find the user behind a WhatsApp number or email address.
CREATE INDEX communication_channels_channel_type_channel_value_idx
  ON communication_channels (channel_type, channel_value);

CREATE TRIGGER communication_channels_set_updated_at
  BEFORE UPDATE ON communication_channels
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- messages: every inbound and outbound message exchanged with a user.
-- Append-only (no updated_at).
-- Sensitivity: high (free text from patients routinely carries health data).
CREATE TABLE messages (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_id UUID REFERENCES communication_channels(id) ON DELETE SET NULL,
  direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  message_type TEXT NOT NULL DEFAULT 'text'
    CHECK (message_type IN ('text', 'image', 'video', 'audio', 'document')),
  content TEXT,
  media_urls TEXT[],
  metadata JSONB,
  is_read BOOLEAN DEFAULT FALSE,
  sent_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

-- (user_id, sent_at) also serves the user_id FK: a user's thread in order.
CREATE INDEX messages_user_id_sent_at_idx ON messages (user_id, sent_at);
CREATE INDEX messages_channel_id_idx ON messages (channel_id);
CREATE INDEX messages_created_at_idx ON messages (created_at);

-- conversation_sessions: a bounded conversation with a user on one channel
-- (active until ended or timed out).
-- Sensitivity: identity PII (moderate).
CREATE TABLE conversation_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  session_id TEXT NOT NULL,
  channel_type TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'timeout')),
  started_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  ended_at TIMESTAMP WITH TIME ZONE,
  last_activity_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  metadata JSONB,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX conversation_sessions_user_id_idx ON conversation_sessions (user_id);
CREATE INDEX conversation_sessions_session_id_idx ON conversation_sessions (session_id);
CREATE INDEX conversation_sessions_status_idx ON conversation_sessions (status);

CREATE TRIGGER conversation_sessions_set_updated_at
  BEFORE UPDATE ON conversation_sessions
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
