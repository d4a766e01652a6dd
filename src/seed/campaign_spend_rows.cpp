// campaign_spend (migration 0029), derived in SQL from the campaigns just
// written: one entry a day from each campaign's start to its end (or the
// reference day), from the source its type reports through, the budget
// spread evenly over the days with a deterministic ±30% jitter (an MD5 of
// the campaign and the day), so the same seed gives the same rows and the
// campaign report has costs to set against the leads and revenue.
#include <string>

#include "seed/calendar.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {

core::Result<std::int64_t> WriteCampaignSpend(const SinkContext& ctx) {
  auto r = ctx.conn.ExecParams(R"sql(
WITH c AS (
  SELECT id, type, currency, budget, start_date,
         least(end_date, to_timestamp($1::bigint)::date) AS last_day,
         end_date - start_date + 1 AS days
  FROM marketing_campaigns
  WHERE start_date <= to_timestamp($1::bigint)::date AND budget > 0 AND currency IS NOT NULL
    AND end_date >= start_date
),
ins AS (
  INSERT INTO campaign_spend (campaign_id, day, source, amount_minor, currency, created_at,
                              updated_at)
  SELECT c.id, d::date,
         CASE c.type WHEN 'google_ads' THEN 'google_ads' WHEN 'facebook_ads' THEN 'meta'
                     WHEN 'social_media' THEN 'meta' WHEN 'email' THEN 'newsletter'
                     ELSE 'manual' END,
         round(c.budget * 100 / c.days *
               (0.7 + get_byte(decode(md5(c.id::text || d::date::text), 'hex'), 0) / 425.0)),
         c.currency, d + interval '1 day 6 hours', d + interval '1 day 6 hours'
  FROM c, generate_series(c.start_date, c.last_day, interval '1 day') AS d
  RETURNING 1
)
SELECT count(*) FROM ins)sql",
                               db::Params{kReferenceTime});
  if (!r) return core::Fail(r.error());
  return std::stoll(std::string(r->Get(0, 0)));
}

}  // namespace imedic::seed
