-- Unmaps a utm_campaign value from a campaign, audited. $1 campaign, $2
-- value (compared lower-cased), $3 caller, $4 caller role, $5 request id,
-- $6 ip. Columns: the value; no row when it was not mapped to the campaign.
WITH del AS (
  DELETE FROM campaign_utm_mappings
  WHERE campaign_id = $1::uuid AND utm_campaign = lower($2::text)
  RETURNING utm_campaign
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT $3::uuid, $4, 'delete', 'campaign_utm_mappings', del.utm_campaign, $5, $6::inet FROM del
)
SELECT utm_campaign FROM del
