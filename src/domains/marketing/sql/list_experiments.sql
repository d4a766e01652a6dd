-- The experiments, newest first (at most 200). Columns: a JSON array text.
SELECT coalesce(jsonb_agg(experiment_json(e) ORDER BY e.created_at DESC, e.id), '[]'::jsonb)::text
FROM (SELECT * FROM experiments ORDER BY created_at DESC, id LIMIT 200) e
