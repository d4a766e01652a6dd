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
