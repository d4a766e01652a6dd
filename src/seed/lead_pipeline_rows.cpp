// The lead pipeline's rows (migration 0024), derived in SQL from the leads
// just written: a utm_campaign value per campaign, a touch per lead (and a
// return visit for some, half of those through another campaign), and the
// sales team's calls, notes, tasks and stage changes. Ids are MD5s of the
// lead's id and times come from the lead's own, so the same seed gives the
// same rows.
#include <string>

#include "seed/calendar.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {

namespace {

// Runs an INSERT … SELECT count(*) statement; $1 is the reference time (in
// Unix seconds) where the statement needs one.
core::Result<std::int64_t> Count(const SinkContext& ctx, const std::string& sql) {
  auto r = ctx.conn.ExecParams(sql, db::Params{kReferenceTime});
  if (!r) return core::Fail(r.error());
  return std::stoll(std::string(r->Get(0, 0)));
}

}  // namespace

core::Result<std::int64_t> WriteCampaignUtmMappings(const SinkContext& ctx) {
  // "Spring FUE 2026" → spring_fue_2026, as the campaigns' links carry it.
  return Count(ctx, R"sql(
WITH ins AS (
  INSERT INTO campaign_utm_mappings (utm_campaign, campaign_id, created_at)
  SELECT DISTINCT ON (u.utm) u.utm, u.id, u.created_at
  FROM (SELECT trim(BOTH '_' FROM regexp_replace(lower(name), '[^a-z0-9]+', '_', 'g')) AS utm,
               id, least(created_at, to_timestamp($1::bigint)) AS created_at
        FROM marketing_campaigns) u
  ORDER BY u.utm, u.created_at, u.id
  RETURNING 1
)
SELECT count(*) FROM ins)sql");
}

core::Result<std::int64_t> WriteLeadTouches(const SinkContext& ctx) {
  // The first touch at the lead's creation, with the UTM values its source
  // and campaign would carry and the consents of the 2026-01 form; a return
  // visit at the last interaction for a quarter of those that came back.
  return Count(ctx, R"sql(
WITH l AS (
  SELECT l.*, m.utm_campaign AS utm,
         get_byte(decode(md5(l.id::text), 'hex'), 0) AS dice
  FROM leads l
  LEFT JOIN LATERAL (SELECT utm_campaign FROM campaign_utm_mappings m
                     WHERE m.campaign_id = l.campaign_id ORDER BY utm_campaign LIMIT 1) m ON TRUE
  WHERE l.created_at <= to_timestamp($1::bigint)
),
ins AS (
  INSERT INTO lead_touches (id, lead_id, occurred_at, channel, campaign_id, utm_source, utm_medium,
                            utm_campaign, gclid, fbclid, referrer, landing_page, consents,
                            consent_text_version)
  SELECT md5(l.id::text || ':touch:first')::uuid, l.id, l.created_at, l.source, l.campaign_id,
         CASE l.source WHEN 'google_ads' THEN 'google' WHEN 'facebook' THEN 'facebook'
                       WHEN 'instagram' THEN 'instagram' WHEN 'tiktok' THEN 'tiktok'
                       WHEN 'email' THEN 'newsletter' END,
         CASE l.source WHEN 'google_ads' THEN 'cpc' WHEN 'facebook' THEN 'paid_social'
                       WHEN 'instagram' THEN 'paid_social' WHEN 'tiktok' THEN 'paid_social'
                       WHEN 'email' THEN 'email' END,
         l.utm,
         CASE WHEN l.source = 'google_ads' THEN 'seed-' || left(md5(l.id::text || 'g'), 20) END,
         CASE WHEN l.source IN ('facebook', 'instagram')
              THEN 'seed-' || left(md5(l.id::text || 'f'), 20) END,
         CASE l.source WHEN 'google_ads' THEN 'https://www.google.com/'
                       WHEN 'referral' THEN 'https://forum.example/hair-transplant' END,
         CASE WHEN l.source IN ('whatsapp', 'email') THEN NULL
              ELSE 'https://imedic.example/' || coalesce(lower(l.country), 'en') END,
         CASE WHEN l.source IN ('whatsapp', 'email') THEN NULL
              ELSE jsonb_build_object('privacy', true, 'marketing', l.dice % 2 = 0) END,
         CASE WHEN l.source IN ('whatsapp', 'email') THEN NULL ELSE '2026-01' END
  FROM l
  UNION ALL
  SELECT md5(l.id::text || ':touch:return')::uuid, l.id, l.last_interaction_at, 'website',
         r.id, CASE WHEN r.id IS NOT NULL THEN 'newsletter' END,
         CASE WHEN r.id IS NOT NULL THEN 'email' END, r.utm, NULL, NULL, NULL,
         'https://imedic.example/' || coalesce(lower(l.country), 'en') || '/prices', NULL, NULL
  FROM l
  LEFT JOIN LATERAL (
    -- Half of the return visits came through another campaign running
    -- that day (a retargeting email), so the attribution models differ.
    SELECT c.id, m.utm_campaign AS utm
    FROM marketing_campaigns c
    JOIN campaign_utm_mappings m ON m.campaign_id = c.id
    WHERE l.dice < 32 AND c.id IS DISTINCT FROM l.campaign_id
      AND l.last_interaction_at::date BETWEEN c.start_date AND c.end_date
    ORDER BY md5(l.id::text || c.id::text), m.utm_campaign
    LIMIT 1) r ON TRUE
  WHERE l.dice < 64 AND l.last_interaction_at > l.created_at + interval '1 day'
  RETURNING 1
)
SELECT count(*) FROM ins)sql");
}

core::Result<std::int64_t> WriteLeadActivities(const SinkContext& ctx) {
  // By the assigned rep: a first call two hours after an assigned lead came
  // in (unless it is still new), a note for the qualified and beyond, the
  // stage change that lost a lead, and a call-back task for open leads,
  // due two days after the last interaction (done when that is over a week
  // before the reference time, so the overdue ones are recent).
  return Count(ctx, R"sql(
WITH l AS (
  SELECT l.*, to_timestamp($1::bigint) AS ref FROM leads l WHERE l.assigned_to IS NOT NULL
),
ins AS (
  INSERT INTO lead_activities (id, lead_id, kind, body, due_at, completed_at, completed_by,
                               created_by, created_at, updated_at)
  SELECT md5(l.id::text || ':call')::uuid, l.id, 'call',
         'First call: explained the procedure and the price range; sent the brochure',
         NULL::timestamptz, NULL::timestamptz, NULL::uuid, l.assigned_to, l.created_at + interval '2 hours',
         l.created_at + interval '2 hours'
  FROM l WHERE l.stage <> 'new'
  UNION ALL
  SELECT md5(l.id::text || ':note')::uuid, l.id, 'note',
         'Photos received; the doctor confirmed a candidate for ' ||
           coalesce(l.procedure_interest, 'the procedure'), NULL, NULL, NULL, l.assigned_to,
         l.created_at + interval '3 days', l.created_at + interval '3 days'
  FROM l WHERE l.stage IN ('qualified', 'consultation_booked', 'converted')
  UNION ALL
  SELECT md5(l.id::text || ':lost')::uuid, l.id, 'stage_change',
         'contacted -> lost: ' || coalesce(l.lost_reason, 'no reason recorded'), NULL, NULL,
         NULL, l.assigned_to, coalesce(l.stage_changed_at, l.created_at),
         coalesce(l.stage_changed_at, l.created_at)
  FROM l WHERE l.stage = 'lost'
  UNION ALL
  SELECT md5(l.id::text || ':task')::uuid, l.id, 'task', 'Call back', d.due,
         CASE WHEN d.due < l.ref - interval '7 days' THEN d.due END,
         CASE WHEN d.due < l.ref - interval '7 days' THEN l.assigned_to END, l.assigned_to,
         d.due - interval '2 days', d.due - interval '2 days'
  FROM l, LATERAL (SELECT coalesce(l.last_interaction_at, l.created_at) + interval '2 days'
                   AS due) d
  WHERE l.stage IN ('new', 'contacted', 'qualified', 'consultation_booked', 'nurturing')
  RETURNING 1
)
SELECT count(*) FROM ins)sql");
}

core::Result<std::int64_t> WriteLeadTeamMembers(const SinkContext& ctx) {
  // One team of every sales rep, the first two capped at 400 open leads.
  return Count(ctx, R"sql(
WITH reps AS (
  SELECT ur.user_id, row_number() OVER (ORDER BY ur.user_id) AS n
  FROM user_roles ur WHERE ur.role = 'sales' AND $1::bigint > 0
),
ins AS (
  INSERT INTO lead_team_members (team, user_id, max_open_leads, active)
  SELECT 'sales', user_id, CASE WHEN n <= 2 THEN 400 END, TRUE FROM reps
  RETURNING 1
)
SELECT count(*) FROM ins)sql");
}

core::Result<std::int64_t> WriteLeadAssignmentRules(const SinkContext& ctx) {
  // Hair transplant enquiries answered within 30 minutes, the rest within
  // the hour, all by the one team.
  return Count(ctx, R"sql(
WITH ins AS (
  INSERT INTO lead_assignment_rules (id, position, procedure_interest, team,
                                     first_contact_minutes, created_at)
  SELECT md5('lead rule ' || r.position)::uuid, r.position, r.prefix, 'sales', r.minutes,
         to_timestamp($1::bigint)
  FROM (VALUES (1, 'fue', 30), (2, 'dhi', 30), (3, NULL, 60)) AS r (position, prefix, minutes)
  RETURNING 1
)
SELECT count(*) FROM ins)sql");
}

}  // namespace imedic::seed
