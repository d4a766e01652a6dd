-- One batch of data keys wrapped under a master key other than the active
-- one, locked for re-wrapping; rows another re-wrapper holds are skipped.
-- $1 active master key id, $2 batch size.
SELECT patient_profile_id, wrapped_key
FROM patient_data_keys
WHERE master_key_id <> $1
ORDER BY patient_profile_id
LIMIT $2::int
FOR UPDATE SKIP LOCKED
