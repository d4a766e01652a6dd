-- A campaign's spend entries from $2 to $3 (dates, inclusive; NULL: open),
-- by day then source. $1 campaign. Columns: the entries as a JSON array;
-- no row when the campaign is missing or deleted.
SELECT coalesce((
  SELECT jsonb_agg(jsonb_build_object('campaign_id', s.campaign_id, 'day', s.day,
                                      'source', s.source, 'amount_minor', s.amount_minor,
                                      'currency', s.currency, 'recorded_by', s.recorded_by,
                                      'created_at', s.created_at, 'updated_at', s.updated_at)
                   ORDER BY s.day, s.source)
  FROM campaign_spend s
  WHERE s.campaign_id = c.id
    AND ($2::date IS NULL OR s.day >= $2::date) AND ($3::date IS NULL OR s.day <= $3::date)),
  '[]'::jsonb)::text
FROM marketing_campaigns c
WHERE c.id = $1::uuid AND c.deleted IS NOT TRUE
