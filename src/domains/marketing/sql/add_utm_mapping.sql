-- Maps a utm_campaign value (lower-cased here) to a campaign, audited; a
-- value already mapped (to any campaign) is a 23505 conflict. Touches
-- captured from now on carry the campaign; earlier ones keep theirs. $1
-- campaign, $2 value, $3 caller, $4 caller role, $5 request id, $6 ip.
-- Columns: the mapping as JSON; no row when the campaign is missing or
-- deleted.
WITH ins AS (
  INSERT INTO campaign_utm_mappings (utm_campaign, campaign_id)
  SELECT lower($2::text), c.id FROM marketing_campaigns c
  WHERE c.id = $1::uuid AND c.deleted IS NOT TRUE
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3::uuid, $4, 'create', 'campaign_utm_mappings', ins.utm_campaign, $5, $6::inet,
         ARRAY['utm_campaign', 'campaign_id']
  FROM ins
)
SELECT jsonb_build_object('utm_campaign', utm_campaign, 'campaign_id', campaign_id,
                          'created_at', created_at)::text
FROM ins
