-- Encryption at rest: one data key per patient (envelope encryption).
-- Sensitivity: secrets. Each row holds a random 256-bit data key, sealed
-- (wrapped) with the master key named by master_key_id; the patient's
-- encrypted columns are sealed with the data key. `imedic keys rotate`
-- re-wraps these rows under a new master key without touching the data.
-- Deleting a row destroys the only copy of the key, so the patient's
-- encrypted values can never be read again (crypto-shredding on erasure).

-- patient_data_keys: wrapped_key is a core::Seal envelope
-- "v1.<master key id>.<base64url(nonce || ciphertext || tag)>" of the 32 raw
-- key bytes, with associated data "patient_data_key:<patient_profile_id>"
-- so a wrapped key copied onto another patient does not open.
CREATE TABLE patient_data_keys (
  patient_profile_id UUID PRIMARY KEY REFERENCES patient_profiles (id) ON DELETE CASCADE,
  wrapped_key TEXT NOT NULL,
  master_key_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  rotated_at TIMESTAMPTZ  -- last re-wrap under a new master key, NULL if never
);

-- Rotation finds the keys not yet under the active master key.
CREATE INDEX patient_data_keys_master_key_id_idx ON patient_data_keys (master_key_id);
