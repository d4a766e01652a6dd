-- What the scorer needs: the rule's configuration and version, and the
-- active model if any (NULL: the rule scores). Columns: config JSON text,
-- version, model JSON text {id, features, coefficients, intercept, means}.
SELECT c.config::text, c.version,
       (SELECT jsonb_build_object('id', m.id, 'features', m.feature_names,
                                  'coefficients', m.coefficients, 'intercept', m.intercept,
                                  'means', m.feature_means)::text
        FROM lead_score_models m WHERE m.active)
FROM lead_scoring_config c
