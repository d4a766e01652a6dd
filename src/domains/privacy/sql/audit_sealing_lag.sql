-- The sealer's backlog, for /metrics: audit rows not yet in the hash chain
-- and the age in milliseconds of the oldest (0 when none). audit_log_unsealed_idx
-- holds exactly these rows.
SELECT count(*), coalesce(extract(epoch FROM now() - min(occurred_at)) * 1000, 0)::bigint
FROM audit_log
WHERE chain_seq IS NULL
