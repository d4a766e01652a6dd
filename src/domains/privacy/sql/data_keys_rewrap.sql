-- Stores re-wrapped data keys (same data key, new wrapping).
-- $1 uuid[] patient profile ids, $2 text[] wrapped keys (same order),
-- $3 the master key id they are now wrapped under.
UPDATE patient_data_keys AS k
SET wrapped_key = v.wrapped_key, master_key_id = $3, rotated_at = now()
FROM unnest($1::uuid[], $2::text[]) AS v (patient_profile_id, wrapped_key)
WHERE k.patient_profile_id = v.patient_profile_id
