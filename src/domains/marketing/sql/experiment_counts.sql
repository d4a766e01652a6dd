-- Exposures and conversions per variant of experiment $1, in variant
-- order. Columns: name, weight, exposures, conversions.
SELECT v.name, v.weight, count(x.lead_id), count(x.converted_at)
FROM experiment_variants v
LEFT JOIN experiment_exposures x ON x.experiment_id = v.experiment_id AND x.variant = v.name
WHERE v.experiment_id = $1::uuid
GROUP BY v.position, v.name, v.weight
ORDER BY v.position
