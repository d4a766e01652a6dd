-- Writes a campaign's spend for one day and source, or corrects it (the
-- same day and source again), audited. $1 campaign, $2 day, $3 source, $4
-- amount (minor units), $5 currency, $6 caller, $7 caller role, $8 request
-- id, $9 ip. Columns: the entry as JSON, 'ok' | 'currency' (not the
-- campaign's); no row when the campaign is missing or deleted.
WITH c AS (
  SELECT id, currency FROM marketing_campaigns WHERE id = $1::uuid AND deleted IS NOT TRUE
),
up AS (
  INSERT INTO campaign_spend AS s (campaign_id, day, source, amount_minor, currency, recorded_by)
  SELECT c.id, $2::date, $3::text, $4::bigint, $5::text, $6::uuid FROM c
  WHERE c.currency = $5::text
  ON CONFLICT (campaign_id, day, source) DO UPDATE
    SET amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
        recorded_by = EXCLUDED.recorded_by
  RETURNING s.*, (xmax = 0) AS inserted
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $6::uuid, $7, CASE WHEN up.inserted THEN 'create' ELSE 'update' END, 'campaign_spend',
         up.campaign_id::text || '/' || up.day::text || '/' || up.source, $8, $9::inet,
         ARRAY['amount_minor', 'currency']
  FROM up
)
SELECT (SELECT jsonb_build_object('campaign_id', up.campaign_id, 'day', up.day,
                                  'source', up.source, 'amount_minor', up.amount_minor,
                                  'currency', up.currency, 'recorded_by', up.recorded_by,
                                  'created_at', up.created_at, 'updated_at', up.updated_at)::text
        FROM up),
       CASE WHEN EXISTS (SELECT 1 FROM up) THEN 'ok' ELSE 'currency' END
FROM c
