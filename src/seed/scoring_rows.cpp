// Historical leads for lead scoring (issue 13, item 10): 3 000 leads closed
// as converted or lost between 60 and 700 days before the reference date,
// whose conversion depends on their features by a documented formula, so
// that `imedic scoring train` has something real to learn; and the fit
// fields (budget, timeline) of the demo's own open leads. All in SQL from
// MD5s of fixed strings: the same seed gives the same rows.
//
// The formula (docs/architecture.md §1.3, "Demo history"): with x_f the
// lead's value of factor f as lead_score_features() gives it before any
// outcome,
//   P(converted) = σ(−3.2 + 2.4 x_timeline + 2.0 x_budget + 1.2 x_return_visits
//                    + 0.8 x_procedure + 0.6 x_channel_opt_in + 0.4 x_contact_verified
//                    + 0.3 x_country)
// Every converted lead went through a booked consultation; a lost one did
// with probability 0.5 (its stage change 'consultation_booked -> lost').
#include <string>
#include <string_view>

#include "seed/calendar.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {

namespace {

// Runs one statement; $1, where it has one, is the reference time.
core::Result<void> Run(const SinkContext& ctx, const char* sql) {
  const bool timed = std::string_view(sql).find("$1") != std::string_view::npos;
  auto r = timed ? ctx.conn.ExecParams(sql, db::Params{kReferenceTime}) : ctx.conn.Exec(sql);
  if (!r) return core::Fail(r.error());
  return {};
}

// u(h, k): the k-th (0–7) uniform in [0, 1) of the MD5 hex string h.
#define U(h, k) "(('x' || substr(" h ", " #k " * 4 + 1, 4))::bit(16)::int / 65536.0)"

// The attributes of each historical lead, drawn from two MD5s of its number.
constexpr const char* kDraw = R"sql(
CREATE TEMP TABLE seed_history ON COMMIT DROP AS
WITH reps AS (
  SELECT array_agg(user_id ORDER BY user_id) AS ids FROM user_roles WHERE role = 'sales'
),
procs AS (
  SELECT row_number() OVER (ORDER BY id) - 1 AS k, name,
         (price_range ->> 'min')::numeric AS min_price, price_range ->> 'currency' AS currency,
         count(*) OVER () AS total
  FROM procedures
  WHERE is_active IS NOT FALSE AND deleted IS NOT TRUE AND price_range ? 'min'
),
g AS (
  SELECT n, md5('scoring-history:a:' || n) AS a, md5('scoring-history:b:' || n) AS b
  FROM generate_series(1, 3000) n
),
d AS (
  SELECT g.n, md5('scoring-history:id:' || g.n)::uuid AS id,
         )sql" U("g.a", 0) R"sql( AS u_country, )sql" U("g.a", 1) R"sql( AS u_country_pick,
         )sql" U("g.a", 2) R"sql( AS u_interest, )sql" U("g.a", 3) R"sql( AS u_proc,
         )sql" U("g.a", 4) R"sql( AS u_budget, )sql" U("g.a", 5) R"sql( AS u_amount,
         )sql" U("g.a", 6) R"sql( AS u_timeline, )sql" U("g.a", 7) R"sql( AS u_phone,
         )sql" U("g.b", 0) R"sql( AS u_age, )sql" U("g.b", 1) R"sql( AS u_marketing,
         )sql" U("g.b", 2) R"sql( AS u_returns, )sql" U("g.b", 3) R"sql( AS u_source,
         )sql" U("g.b", 4) R"sql( AS u_convert, )sql" U("g.b", 5) R"sql( AS u_booked,
         )sql" U("g.b", 6) R"sql( AS u_reason
  FROM g
)
SELECT d.*, p.name AS procedure_name, p.min_price, p.currency,
       (SELECT ids[1 + d.n % cardinality(ids)] FROM reps) AS rep,
       to_timestamp($1::bigint) - make_interval(days => 60 + floor(d.u_age * 640)::int)
         - make_interval(mins => d.n % 600) AS created_at,
       floor(d.u_returns * 4)::int AS returns
FROM d
LEFT JOIN procs p ON p.k = floor(d.u_proc * p.total)
)sql";

constexpr const char* kLeads = R"sql(
INSERT INTO leads (id, email, phone, first_name, last_name, source, assigned_to, country,
                   language, procedure_interest, budget_amount, budget_currency, timeline,
                   lead_summary, created_at, last_interaction_at)
SELECT h.id, 'history' || h.n || '@example.com',
       CASE WHEN h.u_phone < 0.6 THEN '+4915' || lpad(h.n::text, 9, '0') END,
       'History', 'Lead ' || h.n,
       (ARRAY['website', 'google_ads', 'facebook', 'instagram', 'referral'])
         [1 + floor(h.u_source * 5)::int],
       h.rep,
       CASE WHEN h.u_country < 0.6
            THEN (ARRAY['DE', 'GB', 'NL', 'FR', 'US', 'SA', 'AE'])[1 + floor(h.u_country_pick * 7)::int]
            WHEN h.u_country < 0.9
            THEN (ARRAY['TR', 'RU', 'IT', 'ES'])[1 + floor(h.u_country_pick * 4)::int] END,
       'en',
       CASE WHEN h.u_interest < 0.7 THEN h.procedure_name
            WHEN h.u_interest < 0.9 THEN 'Not sure yet' END,
       CASE WHEN h.u_interest < 0.7 AND h.u_budget < 0.7
            THEN round(h.min_price * (0.4 + 1.2 * h.u_amount)) END,
       CASE WHEN h.u_interest < 0.7 AND h.u_budget < 0.7 THEN h.currency END,
       CASE WHEN h.u_timeline >= 0.15
            THEN (ARRAY['now', '1_3_months', '3_6_months', '6_12_months', 'over_12_months'])
                   [1 + floor((h.u_timeline - 0.15) / 0.85 * 5)::int] END,
       'Closed lead of the scoring history (seed)',
       h.created_at, h.created_at + make_interval(days => 3 * h.returns)
FROM seed_history h
)sql";

constexpr const char* kTouches = R"sql(
INSERT INTO lead_touches (id, lead_id, occurred_at, channel, landing_page, consents,
                          consent_text_version)
SELECT md5(h.id::text || ':touch:' || k)::uuid, h.id,
       h.created_at + make_interval(days => 3 * k), 'website',
       'https://imedic.example/en',
       CASE WHEN k = 0 THEN jsonb_build_object('privacy', true, 'marketing', h.u_marketing < 0.5) END,
       CASE WHEN k = 0 THEN '2026-01' END
FROM seed_history h, generate_series(0, h.returns) k
)sql";

// The outcome, drawn from the formula over the features the leads have now
// (no outcome yet: consultation_booked is 0 for all of them).
constexpr const char* kOutcome = R"sql(
CREATE TEMP TABLE seed_history_outcome ON COMMIT DROP AS
SELECT h.id, h.created_at, h.u_reason,
       h.u_convert < 1 / (1 + exp(-z.z)) AS converted,
       h.u_convert < 1 / (1 + exp(-z.z)) OR h.u_booked < 0.5 AS booked
FROM seed_history h
CROSS JOIN LATERAL (SELECT lead_score_features(h.id) AS f) f
CROSS JOIN LATERAL (SELECT -3.2 + 2.4 * (f.f ->> 'timeline')::float8
                        + 2.0 * (f.f ->> 'budget')::float8
                        + 1.2 * (f.f ->> 'return_visits')::float8
                        + 0.8 * (f.f ->> 'procedure')::float8
                        + 0.6 * (f.f ->> 'channel_opt_in')::float8
                        + 0.4 * (f.f ->> 'contact_verified')::float8
                        + 0.3 * (f.f ->> 'country')::float8 AS z) z
)sql";

// Along the stage machine, one legal step at a time, then the history's
// own times and the stage changes as activities.
constexpr const char* kStages = R"sql(
UPDATE leads l SET stage = 'contacted' FROM seed_history_outcome o WHERE l.id = o.id;
UPDATE leads l SET stage = 'qualified' FROM seed_history_outcome o WHERE l.id = o.id AND o.booked;
UPDATE leads l SET stage = 'consultation_booked'
  FROM seed_history_outcome o WHERE l.id = o.id AND o.booked;
UPDATE leads l SET stage = 'converted' FROM seed_history_outcome o WHERE l.id = o.id AND o.converted;
UPDATE leads l SET stage = 'lost',
                   lost_reason = (ARRAY['price', 'chose another clinic', 'no answer',
                                        'not a candidate'])[1 + floor(o.u_reason * 4)::int]
  FROM seed_history_outcome o WHERE l.id = o.id AND NOT o.converted;
UPDATE leads l SET stage_changed_at = o.created_at + interval '20 days'
  FROM seed_history_outcome o WHERE l.id = o.id;
INSERT INTO lead_activities (id, lead_id, kind, body, created_by, created_at, updated_at)
SELECT md5(o.id::text || ':booked')::uuid, o.id, 'stage_change',
       'qualified -> consultation_booked', l.assigned_to, o.created_at + interval '10 days',
       o.created_at + interval '10 days'
FROM seed_history_outcome o JOIN leads l ON l.id = o.id WHERE o.booked
UNION ALL
SELECT md5(o.id::text || ':closed')::uuid, o.id, 'stage_change',
       CASE WHEN o.booked THEN 'consultation_booked' ELSE 'contacted' END || ' -> ' || l.stage ||
         coalesce(': ' || l.lost_reason, ''),
       l.assigned_to, o.created_at + interval '20 days', o.created_at + interval '20 days'
FROM seed_history_outcome o JOIN leads l ON l.id = o.id;
)sql";

// The demo's open leads: seven in ten said when, six in ten what they can
// spend (around the cheapest price of what they asked about).
constexpr const char* kOpenLeadFit = R"sql(
UPDATE leads l
SET timeline = (ARRAY['now', '1_3_months', '3_6_months', '6_12_months', 'over_12_months'])
                 [1 + get_byte(decode(md5(l.id::text || ':timeline'), 'hex'), 0) % 5],
    budget_amount = CASE WHEN get_byte(decode(md5(l.id::text || ':budget'), 'hex'), 0) < 154
                         THEN 1000 + 100 * (get_byte(decode(md5(l.id::text || ':budget'), 'hex'), 1) % 60)
                    END,
    budget_currency = CASE WHEN get_byte(decode(md5(l.id::text || ':budget'), 'hex'), 0) < 154
                           THEN 'EUR' END
WHERE lead_is_open(l.stage, l.merged_into, l.deleted) AND $1::bigint > 0
  AND get_byte(decode(md5(l.id::text || ':timeline'), 'hex'), 1) < 179
)sql";

#undef U

}  // namespace

core::Result<std::int64_t> WriteLeadScoringHistory(const SinkContext& ctx) {
  for (const char* step : {kDraw, kLeads, kTouches, kOutcome}) {
    if (auto r = Run(ctx, step); !r) return core::Fail(r.error());
  }
  // Several statements, no parameters: the simple protocol runs them all.
  for (const char* step : {kStages, kOpenLeadFit}) {
    if (auto r = Run(ctx, step); !r) return core::Fail(r.error());
  }
  auto n = ctx.conn.Exec("SELECT count(*) FROM seed_history");
  if (!n) return core::Fail(n.error());
  const std::int64_t rows = std::stoll(std::string(n->Get(0, 0)));
  if (auto r = ctx.conn.Exec("DROP TABLE seed_history, seed_history_outcome"); !r) {
    return core::Fail(r.error());
  }
  return rows;
}

}  // namespace imedic::seed
