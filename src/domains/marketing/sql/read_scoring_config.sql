-- The scoring configuration as GET /lead-scoring/config shows it.
-- Columns: the answer as JSON text.
SELECT jsonb_build_object('config', c.config, 'version', c.version, 'updated_by', c.updated_by,
                          'updated_at', c.updated_at)::text
FROM lead_scoring_config c
