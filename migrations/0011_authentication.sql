-- Authentication: credentials, sessions, API tokens, one-time codes,
-- external identities, login rate limits, and the outbox through which
-- codes (and later every message) leave the system.
-- Sensitivity: secrets. Only hashes or sealed values are stored; nothing
-- here may be logged or exported.

-- user_credentials: the password (argon2id, encoded with its parameters)
-- and the TOTP second factor (secret sealed with the master keyring).
CREATE TABLE user_credentials (
  user_id UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_hash TEXT,  -- NULL for accounts that sign in only through a provider
  password_changed_at TIMESTAMPTZ,
  totp_secret_sealed TEXT,
  totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
  totp_last_step BIGINT,  -- the last accepted time step: a code is never accepted twice
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER user_credentials_set_updated_at
  BEFORE UPDATE ON user_credentials FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- recovery_codes: single-use second-factor fallbacks, stored hashed.
CREATE TABLE recovery_codes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (user_id, code_hash)
);

-- sessions: opaque bearer tokens (only their hash is stored) with an
-- inactivity timeout and an absolute lifetime.
CREATE TABLE sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_used_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL,
  idle_timeout_seconds INTEGER NOT NULL CHECK (idle_timeout_seconds > 0),
  ip INET,
  user_agent TEXT CHECK (char_length(user_agent) <= 512),
  mfa_verified BOOLEAN NOT NULL DEFAULT FALSE,
  revoked_at TIMESTAMPTZ,
  revoke_reason TEXT
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- api_tokens: long-lived tokens for integrations, limited to scopes (a
-- subset of the owner's permissions, checked on every use).
CREATE TABLE api_tokens (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT[] NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_used_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

-- verification_codes: short-lived codes for email/phone verification and
-- password reset; stored as a keyed hash, with a bounded number of tries.
CREATE TABLE verification_codes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL
    CHECK (purpose IN ('email_verification', 'phone_verification', 'password_reset')),
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  expires_at TIMESTAMPTZ NOT NULL,
  consumed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX verification_codes_user_purpose_idx ON verification_codes (user_id, purpose);

-- external_identities: provider accounts (Google, Facebook, Apple) linked
-- to a user. users.auth_provider says how the account was first created.
CREATE TABLE external_identities (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('google', 'facebook', 'apple')),
  subject TEXT NOT NULL,
  linked_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_login_at TIMESTAMPTZ,
  UNIQUE (provider, subject)
);
CREATE INDEX external_identities_user_id_idx ON external_identities (user_id);

-- login_throttles: failed sign-ins per account key and per client address,
-- with a lock-out that doubles with each further failure.
CREATE TABLE login_throttles (
  bucket TEXT PRIMARY KEY,  -- 'account:<hash of normalised email>' or 'ip:<address>'
  failures INTEGER NOT NULL DEFAULT 0,
  blocked_until TIMESTAMPTZ,
  last_failure_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_throttles_last_failure_at_idx ON login_throttles (last_failure_at);

-- outbox: everything that leaves the system, written in the business
-- transaction and delivered by a background job with retries.
CREATE TABLE outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id UUID REFERENCES users (id) ON DELETE SET NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'webhook')),
  recipient TEXT NOT NULL,
  template TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',  -- scrubbed once delivered: it may hold a one-time code
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 8,
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  sent_at TIMESTAMPTZ
);
CREATE INDEX outbox_user_id_idx ON outbox (user_id);
CREATE INDEX outbox_status_idx ON outbox (status);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX outbox_created_at_idx ON outbox (created_at);
