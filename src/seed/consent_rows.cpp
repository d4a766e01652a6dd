// consent_events: the demo patients' consent ledgers (migrations/0026).
//
// Every patient consented to care processing when they registered; most
// chose some marketing channels, a few of them withdrew one later; those who
// consulted or booked shared their medical data with that provider. Events
// of one patient are written in time order, so the ledger's order (seq, the
// COPY order) agrees with occurred_at and the latest event is the state.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

// The stream of these rows (beyond generator.hpp's Stream values, which
// other writers extend; the number only has to differ from theirs).
constexpr std::uint64_t kConsentStream = 0xC0'25E7;

constexpr std::string_view kTextVersion = "2025-06";

// The demo consent texts; the ledger keeps the SHA-256 of the text shown.
std::string TextSha(std::string_view purpose) {
  return core::Sha256Hex(std::string("imedic demo consent text ") + std::string(kTextVersion) +
                         ": " + std::string(purpose));
}

struct Event {
  std::string_view purpose;
  const Uuid* provider = nullptr;
  bool given = true;
  std::string_view channel;
  std::int64_t at = 0;
};

}  // namespace

core::Result<std::int64_t> WriteConsentEvents(const SinkContext& ctx) {
  const World& w = ctx.world;
  // A bulk load: nobody caches the consents of a database being seeded, so
  // the per-row NOTIFY is off for the COPY (one notification per row would
  // be queued until the seed's transaction commits), and back on after it.
  if (auto off =
          ctx.conn.Exec("ALTER TABLE consent_events DISABLE TRIGGER consent_events_notify_insert");
      !off) {
    return core::Fail(off.error());
  }
  CopyWriter out(ctx.conn, "consent_events",
                 {"id", "user_id", "purpose", "provider_id", "action", "text_version",
                  "text_sha256", "channel", "occurred_at", "ip", "user_agent"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  std::vector<Event> events;
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    Prng rng = Prng::Stream(w.seed, kConsentStream, i);
    const std::int64_t t0 = std::min(p.created_at, kReferenceTime - kDay);
    events.clear();
    // At registration, on the web form.
    events.push_back({"care_processing", nullptr, true, "web", t0});
    if (rng.Chance(0.55)) events.push_back({"marketing_email", nullptr, true, "web", t0});
    if (rng.Chance(0.3)) events.push_back({"marketing_whatsapp", nullptr, true, "web", t0});
    if (rng.Chance(0.7)) events.push_back({"analytics", nullptr, true, "web", t0});
    if (p.consultation >= 0 || p.booking >= 0) {
      events.push_back({"medical_sharing", &w.providers[p.provider].id, true, "web",
                        t0 + rng.Range(10, 600) * kMinute});
    }
    if (p.booking >= 0 && rng.Chance(0.25)) {
      events.push_back({"photos_marketing", nullptr, true, "app", t0 + rng.Range(1, 30) * kDay});
    }
    // Some withdraw a marketing channel later, by replying STOP or in the app.
    for (std::size_t e = 0, n = events.size(); e < n; ++e) {
      if (!events[e].purpose.starts_with("marketing_") || !rng.Chance(0.2)) continue;
      const std::int64_t at = t0 + rng.Range(2, 120) * kDay;
      if (at >= kReferenceTime) continue;
      events.push_back({events[e].purpose, nullptr, false,
                        events[e].purpose == "marketing_whatsapp" ? "whatsapp" : "app", at});
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.at < b.at; });
    for (const Event& e : events) {
      if (e.at >= kReferenceTime) continue;
      out.Id(rng.NewUuid()).Id(w.users[p.user].id).Text(e.purpose);
      if (e.provider != nullptr) {
        out.Id(*e.provider);
      } else {
        out.Null();
      }
      out.Text(e.given ? "given" : "withdrawn");
      if (e.given) {
        out.Text(kTextVersion).Text(TextSha(e.purpose));
      } else {
        out.Null().Null();
      }
      // Documentation addresses (RFC 5737), not anyone's.
      out.Text(e.channel).Timestamp(e.at).Text("198.51.100." + std::to_string(rng.Int(1, 254)));
      out.Text(e.channel == "app" ? "imedic-app/2.3 (demo)" : "Mozilla/5.0 (demo)");
      out.EndRow();
    }
  }
  auto rows = out.Finish();
  if (!rows) return rows;
  if (auto on =
          ctx.conn.Exec("ALTER TABLE consent_events ENABLE TRIGGER consent_events_notify_insert");
      !on) {
    return core::Fail(on.error());
  }
  return rows;
}

}  // namespace imedic::seed
