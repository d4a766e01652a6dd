-- A patient's first data key. When another caller stored one first, the
-- conflict leaves theirs in place (the caller then reads it back).
-- $1 patient profile id, $2 wrapped key envelope, $3 master key id.
INSERT INTO patient_data_keys (patient_profile_id, wrapped_key, master_key_id)
VALUES ($1::uuid, $2, $3)
ON CONFLICT (patient_profile_id) DO NOTHING
