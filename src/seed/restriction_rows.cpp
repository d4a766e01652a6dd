// processing_restrictions: the demo's restricted patients (migrations/0030,
// GDPR Art. 18). About one patient in two hundred disputes their data while
// a privacy officer looks into it, so staff see a restriction in the demo and
// its effects (no marketing, records read-only). Written last: the triggers
// that make the records read-only would refuse rows written after it.
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

constexpr std::uint64_t kRestrictionStream = 0x4E57'1C7;

constexpr std::string_view kReasons[] = {
    "Patient disputes the accuracy of their medical history; under review",
    "Patient objects to marketing use of their data; objection being assessed",
    "Patient disputes a recorded allergy; clinic asked to confirm",
};

}  // namespace

core::Result<std::int64_t> WriteProcessingRestrictions(const SinkContext& ctx) {
  const World& w = ctx.world;
  std::int32_t officer = -1;
  for (const Persona& p : w.personas) {
    if (p.role == "privacy_officer") officer = p.user;
  }
  CopyWriter out(ctx.conn, "processing_restrictions",
                 {"user_id", "reason", "restricted_at", "restricted_by"}, ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    if (i % 200 != 11 || w.users[w.patients[i].user].persona) continue;
    Prng rng = Prng::Stream(w.seed, kRestrictionStream, i);
    out.Id(w.users[w.patients[i].user].id).Text(kReasons[rng.Below(std::size(kReasons))]);
    out.Timestamp(kReferenceTime - rng.Range(1, 20) * kDay);
    if (officer >= 0) {
      out.Id(w.users[officer].id);
    } else {
      out.Null();
    }
    out.EndRow();
  }
  return out.Finish();
}

}  // namespace imedic::seed
