// Historical leads for lead scoring (issue 13, item 10): 3 000 leads closed
// as converted or lost between 60 and 700 days before the reference date,
// whose conversion depends on their features by a documented formula, so
// that `imedic scoring train` has something real to learn. All in SQL from
// MD5s of fixed strings, every time given (none is now()): the same seed
// gives the same rows.
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

// The leads; on the first pass seed_history_outcome is empty and every
// lead is new (to read its features), on the second each has its outcome.
// Every time is given, none is now(): the same seed gives the same rows.
constexpr const char* kLeads = R"sql(
INSERT INTO leads (id, email, phone, first_name, last_name, source, assigned_to, country,
                   language, procedure_interest, budget_amount, budget_currency, timeline,
                   lead_summary, created_at, updated_at, last_interaction_at, stage,
                   stage_changed_at, lost_reason)
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
       h.created_at, h.created_at + interval '20 days',
       h.created_at + make_interval(days => 3 * h.returns),
       CASE WHEN o.id IS NULL THEN 'new' WHEN o.converted THEN 'converted' ELSE 'lost' END,
       CASE WHEN o.id IS NOT NULL THEN h.created_at + interval '20 days' END,
       CASE WHEN o.id IS NOT NULL AND NOT o.converted
            THEN (ARRAY['price', 'chose another clinic', 'no answer', 'not a candidate'])
                   [1 + floor(h.u_reason * 4)::int] END
FROM seed_history h
LEFT JOIN seed_history_outcome o ON o.id = h.id
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

// The outcome, drawn from the formula over the features the leads have
// as new leads (no outcome yet: consultation_booked is 0 for all).
constexpr const char* kOutcome = R"sql(
INSERT INTO seed_history_outcome (id, converted, booked)
SELECT h.id, h.u_convert < 1 / (1 + exp(-z.z)),
       h.u_convert < 1 / (1 + exp(-z.z)) OR h.u_booked < 0.5
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

// The new leads go (their touches with them) and come back closed: an
// UPDATE would stamp updated_at with the time of the run.
constexpr const char* kForget = R"sql(
DELETE FROM leads l USING seed_history h WHERE l.id = h.id
)sql";

// The stage changes as activities: the booked consultation, and the close.
constexpr const char* kActivities = R"sql(
INSERT INTO lead_activities (id, lead_id, kind, body, created_by, created_at, updated_at)
SELECT md5(o.id::text || ':booked')::uuid, o.id, 'stage_change',
       'qualified -> consultation_booked', l.assigned_to, l.created_at + interval '10 days',
       l.created_at + interval '10 days'
FROM seed_history_outcome o JOIN leads l ON l.id = o.id WHERE o.booked
UNION ALL
SELECT md5(o.id::text || ':closed')::uuid, o.id, 'stage_change',
       CASE WHEN o.booked THEN 'consultation_booked' ELSE 'contacted' END || ' -> ' || l.stage ||
         coalesce(': ' || l.lost_reason, ''),
       l.assigned_to, l.stage_changed_at, l.stage_changed_at
FROM seed_history_outcome o JOIN leads l ON l.id = o.id
)sql";

#undef U

core::Result<std::int64_t> Count(const SinkContext& ctx, const char* sql) {
  auto n = ctx.conn.Exec(sql);
  if (!n) return core::Fail(n.error());
  return std::stoll(std::string(n->Get(0, 0)));
}

}  // namespace

// The closed leads. Leaves seed_history and seed_history_outcome (dropped
// at commit) for the two writers after it.
core::Result<std::int64_t> WriteLeadScoringHistory(const SinkContext& ctx) {
  constexpr const char* kOutcomeTable =
      "CREATE TEMP TABLE seed_history_outcome (id UUID PRIMARY KEY, converted BOOLEAN, "
      "booked BOOLEAN) ON COMMIT DROP";
  for (const char* step : {kDraw, kOutcomeTable, kLeads, kTouches, kOutcome, kForget, kLeads}) {
    if (auto r = Run(ctx, step); !r) return core::Fail(r.error());
  }
  return Count(ctx, "SELECT count(*) FROM seed_history");
}

core::Result<std::int64_t> WriteLeadScoringHistoryTouches(const SinkContext& ctx) {
  if (auto r = Run(ctx, kTouches); !r) return core::Fail(r.error());
  return Count(ctx, "SELECT count(*) FROM lead_touches t JOIN seed_history h ON h.id = t.lead_id");
}

core::Result<std::int64_t> WriteLeadScoringHistoryActivities(const SinkContext& ctx) {
  if (auto r = Run(ctx, kActivities); !r) return core::Fail(r.error());
  auto n = Count(ctx,
                 "SELECT count(*) FROM lead_activities a JOIN seed_history h ON h.id = a.lead_id");
  if (!n) return n;
  if (auto r = Run(ctx, "DROP TABLE seed_history, seed_history_outcome"); !r) {
    return core::Fail(r.error());
  }
  return n;
}

}  // namespace imedic::seed
