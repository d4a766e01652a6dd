// data_export_requests: the demo's export requests (migrations/0030).
//
// A few patients asked for their data (GDPR Art. 15) in the past months and
// one was asked for by the privacy officer on a patient's behalf; each was
// built, downloaded once and has expired (its archive removed after its 24
// hours). The patient persona has such a finished request and a queued one,
// which the `data_export` job of `imedic serve` builds, so the persona can
// download a real archive in the demo. No archive is written here: the
// seeder knows no files folder, and an expired request has none.
#include <string>

#include "core/hash.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

constexpr std::uint64_t kExportStream = 0xE8'9027;

}  // namespace

core::Result<std::int64_t> WriteDataExportRequests(const SinkContext& ctx) {
  const World& w = ctx.world;
  std::int32_t persona_user = -1, officer = -1;
  for (const Persona& p : w.personas) {
    if (p.role == "patient") persona_user = p.user;
    if (p.role == "privacy_officer") officer = p.user;
  }
  CopyWriter out(ctx.conn, "data_export_requests",
                 {"id", "subject_user_id", "requested_by", "status", "requested_at", "started_at",
                  "finished_at", "expires_at", "attempts", "byte_size", "sha256", "row_count",
                  "file_count", "downloads", "last_downloaded_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    const bool persona = p.user == persona_user;
    if (!persona && i % 40 != 7) continue;
    Prng rng = Prng::Stream(w.seed, kExportStream, i);
    const Uuid& subject = w.users[p.user].id;
    // Every third one on the patient's behalf, by the privacy officer.
    const bool on_behalf = !persona && officer >= 0 && (i / 40) % 3 == 2;
    const std::int64_t asked = kReferenceTime - rng.Range(3, 120) * kDay;
    const std::int64_t finished = asked + rng.Range(5, 90);
    out.Id(rng.NewUuid()).Id(subject).Id(on_behalf ? w.users[officer].id : subject);
    out.Text("expired").Timestamp(asked).Timestamp(asked + 2).Timestamp(finished);
    out.Timestamp(finished + kDay).Int(1).Int(rng.Range(40'000, 4'000'000));
    out.Text(core::Sha256Hex("imedic demo export " + std::to_string(i)));
    out.Int(rng.Range(60, 400)).Int(rng.Range(0, 6)).Int(1);
    out.Timestamp(finished + rng.Range(60, 20 * kHour)).EndRow();
    if (persona) {
      // Asked again today: the server's job builds it.
      out.Id(rng.NewUuid()).Id(subject).Id(subject).Text("queued");
      out.Timestamp(kReferenceTime - kHour).Null().Null().Null().Int(0);
      out.Null().Null().Null().Null().Int(0).Null().EndRow();
    }
  }
  return out.Finish();
}

}  // namespace imedic::seed
