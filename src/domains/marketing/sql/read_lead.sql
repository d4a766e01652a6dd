-- One lead with its touches (oldest first), if the caller's lead scope
-- reaches it. $1 lead id, $2 caller, $3 lead scope. A merged lead is
-- deleted, so it reads as gone; its touches are the kept lead's now.
SELECT (lead_json(l) || jsonb_build_object('touches', coalesce((
  SELECT jsonb_agg(jsonb_build_object(
           'id', t.id, 'occurred_at', t.occurred_at, 'channel', t.channel,
           'campaign_id', t.campaign_id, 'utm_source', t.utm_source,
           'utm_medium', t.utm_medium, 'utm_campaign', t.utm_campaign, 'utm_term', t.utm_term,
           'utm_content', t.utm_content, 'gclid', t.gclid, 'fbclid', t.fbclid,
           'referrer', t.referrer, 'landing_page', t.landing_page, 'message', t.message,
           'consents', t.consents, 'consent_text_version', t.consent_text_version,
           'merged_from', t.merged_from)
         ORDER BY t.occurred_at, t.id)
  FROM lead_touches t WHERE t.lead_id = l.id), '[]'::jsonb)))::text
FROM leads l
WHERE l.id = $1::uuid AND l.deleted IS NOT TRUE AND lead_visible(l.assigned_to, $2::uuid, $3::text)
