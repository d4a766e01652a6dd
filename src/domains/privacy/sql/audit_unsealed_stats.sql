-- Rows the sealer has not taken yet: how many, and how many (and the first)
-- of them are older than a minute, which a running sealer would have taken.
SELECT count(*),
       count(*) FILTER (WHERE occurred_at < now() - interval '1 minute'),
       min(id) FILTER (WHERE occurred_at < now() - interval '1 minute')
FROM audit_log
WHERE chain_seq IS NULL
