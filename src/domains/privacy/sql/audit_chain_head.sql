-- The last sealed row of the audit chain: its position and hash (hex).
SELECT chain_seq, encode(hash, 'hex')
FROM audit_log
WHERE chain_seq IS NOT NULL
ORDER BY chain_seq DESC
LIMIT 1
