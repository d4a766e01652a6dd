-- Uploaded photos and documents (issue 4, item 6): hair-loss photos,
-- outcome photos, medical documents, passport scans.
-- Sensitivity: high (GDPR/HIPAA). The bytes never enter the database: each
-- file is sealed (XChaCha20-Poly1305) with the patient's data key
-- (patient_data_keys) and stored under <files dir>/<2 hex>/<storage_name>,
-- where storage_name is the hex SHA-256 of the sealed bytes. A row is only
-- inserted once its file is durably on disk, so no row ever names a half
-- file; a file without a row is an orphan that nothing can reach.
--
-- content_mac is a keyed BLAKE2b of the plaintext under a key derived from
-- the patient's data key: the same photo uploaded twice by one patient is
-- stored once, and equal files of two patients cannot be told apart.
-- Photo arrays (hair_loss_profiles.photos, procedure_outcomes.photos) refer
-- to these rows by id.
CREATE TABLE stored_files (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CONSTRAINT stored_files_kind_check CHECK (kind IN (
    'hair_loss_photo', 'medical_document', 'passport_scan', 'outcome_photo')),
  content_type TEXT NOT NULL CONSTRAINT stored_files_content_type_check CHECK (content_type IN (
    'image/jpeg', 'image/png', 'image/heic', 'application/pdf')),
  byte_size BIGINT NOT NULL CONSTRAINT stored_files_byte_size_check CHECK (byte_size > 0),
  storage_name TEXT NOT NULL CONSTRAINT stored_files_storage_name_check
    CHECK (storage_name ~ '^[0-9a-f]{64}$'),
  content_mac TEXT NOT NULL CONSTRAINT stored_files_content_mac_check
    CHECK (content_mac ~ '^[0-9a-f]{64}$'),
  uploaded_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted BOOLEAN NOT NULL DEFAULT FALSE
);

-- One live row per patient and content: a repeated upload finds the first.
-- Partial (live rows only) so that a file deleted and uploaded again is a
-- new, separately audited row rather than a silent undelete.
CREATE UNIQUE INDEX stored_files_patient_content_key
  ON stored_files (patient_profile_id, content_mac) WHERE NOT deleted;
-- Foreign keys and the list of a patient's files, newest first.
CREATE INDEX stored_files_patient_profile_id_idx
  ON stored_files (patient_profile_id, created_at);
CREATE INDEX stored_files_uploaded_by_idx ON stored_files (uploaded_by);
-- The orphan sweep asks whether a file on disk is referenced.
CREATE INDEX stored_files_storage_name_idx ON stored_files (storage_name);
