-- The utm_campaign values mapped to a campaign. $1 campaign. Columns: a
-- JSON array; no row when the campaign is missing or deleted.
SELECT coalesce((
  SELECT jsonb_agg(jsonb_build_object('utm_campaign', m.utm_campaign,
                                      'campaign_id', m.campaign_id, 'created_at', m.created_at)
                   ORDER BY m.utm_campaign)
  FROM campaign_utm_mappings m WHERE m.campaign_id = c.id), '[]'::jsonb)::text
FROM marketing_campaigns c
WHERE c.id = $1::uuid AND c.deleted IS NOT TRUE
