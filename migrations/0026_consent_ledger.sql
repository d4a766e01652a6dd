-- The consent ledger (issue 14, item 1) and the privacy officer role (item 9).
--
-- consent_events records every consent given or withdrawn, by a user or by a
-- lead, for one purpose: what text was shown (version and SHA-256), through
-- which channel, when, and the evidence of the request (address, user agent,
-- who recorded it on the subject's behalf). It is append-only: the state of
-- a consent is its LATEST event, so the history a regulator asks for is the
-- table itself and nothing can rewrite it. docs/privacy.md, "Consent".

CREATE TABLE consent_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order of events: the latest per (subject, purpose, provider) is the
  -- current state. occurred_at is the transaction's time, which two events
  -- of one transaction share; seq never ties.
  seq BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT consent_events_seq_key UNIQUE,
  user_id UUID REFERENCES users (id),
  lead_id UUID REFERENCES leads (id),
  purpose TEXT NOT NULL CONSTRAINT consent_events_purpose_check CHECK (purpose IN (
    'care_processing', 'medical_sharing', 'marketing_email', 'marketing_sms',
    'marketing_whatsapp', 'photos_marketing', 'analytics')),
  -- The provider a 'medical_sharing' consent names; no other purpose has one.
  provider_id UUID REFERENCES providers (id),
  action TEXT NOT NULL CONSTRAINT consent_events_action_check
    CHECK (action IN ('given', 'withdrawn')),
  text_version TEXT CONSTRAINT consent_events_text_version_check
    CHECK (char_length(text_version) BETWEEN 1 AND 50),
  text_sha256 TEXT CONSTRAINT consent_events_text_sha256_check
    CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
  channel TEXT NOT NULL CONSTRAINT consent_events_channel_check CHECK (channel IN (
    'web', 'app', 'whatsapp', 'sms', 'email', 'phone', 'in_person', 'api')),
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ip INET,
  user_agent TEXT CONSTRAINT consent_events_user_agent_check
    CHECK (char_length(user_agent) <= 512),
  -- Who recorded it on the subject's behalf (a phone call); NULL when the
  -- subject acted themselves.
  recorded_by UUID REFERENCES users (id),
  CONSTRAINT consent_events_one_subject CHECK (num_nonnulls(user_id, lead_id) = 1),
  CONSTRAINT consent_events_provider_check CHECK (
    (purpose = 'medical_sharing') = (provider_id IS NOT NULL)),
  -- Consent is given to a text: which one must be on record. A withdrawal
  -- needs no text.
  CONSTRAINT consent_events_given_text CHECK (
    action = 'withdrawn' OR (text_version IS NOT NULL AND text_sha256 IS NOT NULL))
);

-- "The latest event per (subject, purpose, provider)": one index scan each.
CREATE INDEX consent_events_user_latest_idx
  ON consent_events (user_id, purpose, provider_id, seq DESC) WHERE user_id IS NOT NULL;
CREATE INDEX consent_events_lead_latest_idx
  ON consent_events (lead_id, purpose, provider_id, seq DESC) WHERE lead_id IS NOT NULL;
CREATE INDEX consent_events_provider_id_idx ON consent_events (provider_id);
CREATE INDEX consent_events_recorded_by_idx ON consent_events (recorded_by);

-- Append-only, like audit_log (0009): UPDATE, DELETE and TRUNCATE refused
-- with SQLSTATE 42501, and the application role holds neither privilege.
CREATE FUNCTION consent_events_guard() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'consent_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER consent_events_guard_rows BEFORE UPDATE OR DELETE ON consent_events
  FOR EACH ROW EXECUTE FUNCTION consent_events_guard();
CREATE TRIGGER consent_events_guard_truncate BEFORE TRUNCATE ON consent_events
  FOR EACH STATEMENT EXECUTE FUNCTION consent_events_guard();

REVOKE UPDATE, DELETE, TRUNCATE ON consent_events FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'imedic_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON consent_events FROM imedic_app;
    GRANT SELECT, INSERT ON consent_events TO imedic_app;
  END IF;
END;
$$;

-- Every node may cache consent state; each new event tells them whose to
-- drop. The send-time check (consent_allows) reads the table, so it is right
-- on every node the moment the withdrawal commits, cache or not.
CREATE FUNCTION consent_events_notify() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify('imedic_consent', json_build_object(
    'user_id', NEW.user_id, 'lead_id', NEW.lead_id, 'purpose', NEW.purpose)::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER consent_events_notify_insert AFTER INSERT ON consent_events
  FOR EACH ROW EXECUTE FUNCTION consent_events_notify();

-- The current state: the latest event per subject, purpose and provider.
CREATE VIEW current_consents AS
SELECT DISTINCT ON (user_id, lead_id, purpose, provider_id)
  user_id, lead_id, purpose, provider_id, action = 'given' AS granted, action, text_version,
  text_sha256, channel, occurred_at, id AS event_id
FROM consent_events
ORDER BY user_id, lead_id, purpose, provider_id, seq DESC;

-- Whether a user's latest event for the purpose (and provider) is 'given'.
-- No event: false (consent is never presumed). Marketing sends call this at
-- send time.
CREATE FUNCTION consent_allows(p_user UUID, p_purpose TEXT, p_provider UUID DEFAULT NULL)
RETURNS BOOLEAN
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  latest TEXT;
BEGIN
  -- Two queries rather than IS NOT DISTINCT FROM, so both use the index.
  IF p_provider IS NULL THEN
    SELECT e.action INTO latest FROM consent_events e
    WHERE e.user_id = p_user AND e.purpose = p_purpose AND e.provider_id IS NULL
    ORDER BY e.seq DESC LIMIT 1;
  ELSE
    SELECT e.action INTO latest FROM consent_events e
    WHERE e.user_id = p_user AND e.purpose = p_purpose AND e.provider_id = p_provider
    ORDER BY e.seq DESC LIMIT 1;
  END IF;
  RETURN latest IS NOT DISTINCT FROM 'given';
END;
$$;

-- The same for a lead (a marketing send to someone who has no account).
CREATE FUNCTION consent_allows_lead(p_lead UUID, p_purpose TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE
AS $$
  SELECT COALESCE((
    SELECT e.action = 'given' FROM consent_events e
    WHERE e.lead_id = p_lead AND e.purpose = p_purpose AND e.provider_id IS NULL
    ORDER BY e.seq DESC LIMIT 1), FALSE)
$$;

-- Whose consents a caller may record: their own; a patient their patient
-- scope reaches (patient_visible); a user behind a lead their lead scope
-- reaches (lead_visible: sales taking a call); everyone when p_all (holders
-- of consents.read: privacy officers and admins).
CREATE FUNCTION consent_subject_visible(p_user UUID, p_viewer UUID, p_patient_scopes TEXT,
                                        p_lead_scope TEXT, p_all BOOLEAN)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = p_user)
    AND (p_all
      OR p_user = p_viewer
      OR EXISTS (SELECT 1 FROM patient_profiles pp
                 WHERE pp.user_id = p_user AND patient_visible(pp.id, p_viewer, p_patient_scopes))
      OR EXISTS (SELECT 1 FROM leads l
                 WHERE l.user_id = p_user AND l.deleted IS NOT TRUE
                   AND lead_visible(l.assigned_to, p_viewer, p_lead_scope)))
$$;

-- Permissions. Recording a consent someone gave by phone is coordinators'
-- and sales' work; reading anyone's ledger is oversight (privacy officer,
-- admin). Patients use /me/consents, which needs neither.
INSERT INTO permissions (name, description, sensitivity) VALUES
  ('consents.read', 'Read anyone''s consent ledger', 'moderate'),
  ('consents.write', 'Record a consent given or withdrawn on a person''s behalf', 'moderate');

INSERT INTO roles (name, description, assignable_to) VALUES
  ('privacy_officer', 'Privacy officer: consents, data export and erasure, the audit trail',
   '{staff,admin}');

INSERT INTO role_permissions (role, permission) VALUES
  ('care_coordinator', 'consents.write'),
  ('sales', 'consents.write'),
  ('admin', 'consents.read'),
  ('admin', 'consents.write'),
  ('privacy_officer', 'consents.read'),
  ('privacy_officer', 'consents.write'),
  ('privacy_officer', 'privacy.export'),
  ('privacy_officer', 'privacy.erase'),
  ('privacy_officer', 'audit.read'),
  ('privacy_officer', 'users.read');
