-- Data export requests (issue 14, item 3: GDPR Art. 15 access and Art. 20
-- portability). docs/privacy.md, "Export".
--
-- A request is queued by the person (POST /me/export) or on their behalf
-- under privacy.export (POST /users/{id}/export); the background job
-- `data_export` claims it (FOR UPDATE SKIP LOCKED, once across nodes),
-- builds the archive, seals it and stores it in the blob store under
-- <IMEDIC_FILES_DIR>/exports; the row then holds where it is and until when
-- it may be downloaded (24 hours). Only ids, counts and codes are kept here:
-- never any of the exported data.

CREATE TABLE data_export_requests (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Whose data: a user (their patient profile, leads, messages, ... follow
  -- from the user).
  subject_user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Who asked: the subject, or a privacy officer or admin on their behalf.
  requested_by UUID REFERENCES users (id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'queued' CONSTRAINT data_export_requests_status_check
    CHECK (status IN ('queued', 'running', 'ready', 'failed', 'expired')),
  requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  -- Until when the archive may be downloaded (finished_at + 24 h); after it
  -- the job removes the archive and marks the row expired.
  expires_at TIMESTAMPTZ,
  -- The job's claim: attempts so far, and the lease after which another
  -- node may take a run that died.
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until TIMESTAMPTZ,
  -- Why a run failed: a short code (never data).
  error TEXT CONSTRAINT data_export_requests_error_check CHECK (char_length(error) <= 200),
  -- The sealed archive: its blob store name, which key sealed it ('patient':
  -- the subject's data key, so erasing the patient shreds it too; 'master':
  -- the keyring, for a subject who is not a patient), its plaintext size and
  -- SHA-256, and what it holds.
  storage_name TEXT CONSTRAINT data_export_requests_storage_name_check
    CHECK (storage_name ~ '^[0-9a-f]{64}$'),
  sealed_with TEXT CONSTRAINT data_export_requests_sealed_with_check
    CHECK (sealed_with IN ('patient', 'master')),
  byte_size BIGINT,
  sha256 TEXT CONSTRAINT data_export_requests_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  row_count INTEGER,
  file_count INTEGER,
  downloads INTEGER NOT NULL DEFAULT 0,
  last_downloaded_at TIMESTAMPTZ,
  CONSTRAINT data_export_requests_ready_check CHECK (
    status <> 'ready' OR (storage_name IS NOT NULL AND sealed_with IS NOT NULL
                          AND expires_at IS NOT NULL AND finished_at IS NOT NULL))
);

-- At most one open request per person: a second POST answers the open one
-- (idempotent), and two concurrent POSTs cannot both insert.
CREATE UNIQUE INDEX data_export_requests_one_open
  ON data_export_requests (subject_user_id) WHERE status IN ('queued', 'running');
-- The job's queue and a person's list.
CREATE INDEX data_export_requests_queue_idx
  ON data_export_requests (requested_at) WHERE status IN ('queued', 'running');
CREATE INDEX data_export_requests_subject_idx
  ON data_export_requests (subject_user_id, requested_at DESC);
CREATE INDEX data_export_requests_expiry_idx
  ON data_export_requests (expires_at) WHERE status = 'ready';

-- How a request is shown (GET /exports/{id}, the lists, the POST's answer):
-- one definition for every statement. A ready archive past its expiry
-- shows as expired before the job has swept it.
CREATE FUNCTION data_export_request_json(r data_export_requests) RETURNS jsonb
  LANGUAGE sql STABLE
AS $$
  SELECT jsonb_build_object(
    'id', r.id, 'subject_user_id', r.subject_user_id, 'requested_by', r.requested_by,
    'status', CASE WHEN r.status = 'ready' AND r.expires_at <= now() THEN 'expired'
                   ELSE r.status END,
    'requested_at', r.requested_at, 'started_at', r.started_at,
    'finished_at', r.finished_at, 'expires_at', r.expires_at, 'attempts', r.attempts,
    'error', r.error, 'byte_size', r.byte_size, 'sha256', r.sha256,
    'row_count', r.row_count, 'file_count', r.file_count, 'downloads', r.downloads,
    'last_downloaded_at', r.last_downloaded_at)
$$;

-- Restriction of processing (issue 14, item 5: GDPR Art. 18). While a
-- person disputes their data or its processing, a privacy officer restricts
-- it: no marketing (consent_allows and consent_allows_lead answer false), no
-- lead scoring (a score change is not kept), and their medical records are
-- read-only (writes are refused, 409). One row per restricted person; the
-- history is the audit trail (each set and clear, with its reason).
-- docs/privacy.md, "Restriction".
CREATE TABLE processing_restrictions (
  user_id UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  reason TEXT NOT NULL CONSTRAINT processing_restrictions_reason_check
    CHECK (char_length(reason) BETWEEN 10 AND 1000),
  restricted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  restricted_by UUID REFERENCES users (id) ON DELETE SET NULL
);

INSERT INTO permissions (name, description, sensitivity) VALUES
  ('privacy.restrict', 'Restrict and release the processing of a person''s data (GDPR Art. 18)',
   'high');
INSERT INTO role_permissions (role, permission) VALUES
  ('privacy_officer', 'privacy.restrict'), ('admin', 'privacy.restrict');

CREATE FUNCTION processing_restricted(p_user UUID) RETURNS BOOLEAN
  LANGUAGE sql STABLE
AS $$
  SELECT EXISTS (SELECT 1 FROM processing_restrictions r WHERE r.user_id = p_user)
$$;

-- Marketing asks consent_allows at send time (docs/privacy.md, "How sends
-- check it"): a restricted person allows nothing but their care, whatever
-- their consents say. Same bodies as migration 0026 plus that rule.
CREATE OR REPLACE FUNCTION consent_allows(p_user UUID, p_purpose TEXT, p_provider UUID DEFAULT NULL)
RETURNS BOOLEAN
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  latest TEXT;
BEGIN
  IF p_purpose <> 'care_processing' AND processing_restricted(p_user) THEN
    RETURN FALSE;
  END IF;
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

CREATE OR REPLACE FUNCTION consent_allows_lead(p_lead UUID, p_purpose TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE
AS $$
  SELECT NOT EXISTS (SELECT 1 FROM leads l JOIN processing_restrictions r ON r.user_id = l.user_id
                     WHERE l.id = p_lead)
    AND COALESCE((
      SELECT e.action = 'given' FROM consent_events e
      WHERE e.lead_id = p_lead AND e.purpose = p_purpose AND e.provider_id IS NULL
      ORDER BY e.seq DESC LIMIT 1), FALSE)
$$;

-- Medical records are read-only while restricted: any insert, update or
-- delete of a restricted patient's medical history, hair-loss profile or
-- stored files is refused (SQLSTATE 23P01 with the constraint name
-- processing_restricted, which the API answers 409).
CREATE FUNCTION refuse_restricted_medical_write() RETURNS trigger
  LANGUAGE plpgsql
AS $$
DECLARE
  patient UUID := CASE WHEN TG_OP = 'DELETE' THEN OLD.patient_profile_id
                       ELSE NEW.patient_profile_id END;
BEGIN
  IF EXISTS (SELECT 1 FROM patient_profiles pp JOIN processing_restrictions r
               ON r.user_id = pp.user_id WHERE pp.id = patient) THEN
    RAISE EXCEPTION 'processing of this patient''s data is restricted'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'processing_restricted';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

CREATE TRIGGER medical_histories_restricted
  BEFORE INSERT OR UPDATE OR DELETE ON medical_histories
  FOR EACH ROW EXECUTE FUNCTION refuse_restricted_medical_write();
CREATE TRIGGER hair_loss_profiles_restricted
  BEFORE INSERT OR UPDATE OR DELETE ON hair_loss_profiles
  FOR EACH ROW EXECUTE FUNCTION refuse_restricted_medical_write();
CREATE TRIGGER stored_files_restricted
  BEFORE INSERT OR UPDATE OR DELETE ON stored_files
  FOR EACH ROW EXECUTE FUNCTION refuse_restricted_medical_write();

-- No scoring while restricted: a changed lead_score of a restricted
-- person's lead is not kept (the rest of the update is: staff still work
-- the lead's stage and notes).
CREATE FUNCTION keep_restricted_lead_score() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.lead_score IS DISTINCT FROM OLD.lead_score AND NEW.user_id IS NOT NULL
     AND processing_restricted(NEW.user_id) THEN
    NEW.lead_score := OLD.lead_score;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER leads_restricted_score
  BEFORE UPDATE OF lead_score ON leads
  FOR EACH ROW EXECUTE FUNCTION keep_restricted_lead_score();
