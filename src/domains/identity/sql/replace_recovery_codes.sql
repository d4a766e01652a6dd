-- Replaces user $1's recovery codes with the hashes in $2.
WITH gone AS (DELETE FROM recovery_codes WHERE user_id = $1)
INSERT INTO recovery_codes (user_id, code_hash)
SELECT $1, unnest($2::text[])
