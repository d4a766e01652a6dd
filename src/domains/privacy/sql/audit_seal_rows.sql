-- Seals a batch: $1 ids, $2 chain positions, $3 hashes (hex), $4 key id.
-- The trigger on audit_log allows exactly this one-time change.
UPDATE audit_log AS a
SET chain_seq = v.seq, hash = decode(v.hash_hex, 'hex'), hash_key_id = $4
FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v (id, seq, hash_hex)
WHERE a.id = v.id AND a.chain_seq IS NULL
