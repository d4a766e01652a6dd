-- An experiment's status and its variants in order (names and weights as
-- JSON arrays), locked against a concurrent status change; and whether
-- lead $2 is live. Columns: status, names JSON, weights JSON, lead live.
SELECT e.status,
       (SELECT jsonb_agg(v.name ORDER BY v.position) FROM experiment_variants v
        WHERE v.experiment_id = e.id)::text,
       (SELECT jsonb_agg(v.weight ORDER BY v.position) FROM experiment_variants v
        WHERE v.experiment_id = e.id)::text,
       EXISTS (SELECT 1 FROM leads l WHERE l.id = $2::uuid AND l.deleted IS NOT TRUE)
FROM experiments e
WHERE e.id = $1::uuid
FOR SHARE OF e
