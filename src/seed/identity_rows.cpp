// users and user_profiles, and the access-control facts about them: the
// roles they hold, the providers they work for, the patients they look after.
#include <algorithm>

#include "seed/json_writer.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

std::string_view UserType(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kProvider: return "provider";
    case Role::kPatient: return "patient";
    default: return "staff";  // sales, marketing, care coordination, clinicians, audit
  }
}

// A plausible id as each identity provider issues them.
std::string ExternalId(Prng& rng, std::string_view provider) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  if (provider == "google") {
    id.push_back(static_cast<char>('1' + rng.Below(9)));
    for (int i = 0; i < 20; ++i) id.push_back(static_cast<char>('0' + rng.Below(10)));
  } else if (provider == "facebook") {
    id.push_back(static_cast<char>('1' + rng.Below(9)));
    for (int i = 0; i < 15; ++i) id.push_back(static_cast<char>('0' + rng.Below(10)));
  } else {  // apple: 000123.<32 hex>.0456
    id = "00";
    for (int i = 0; i < 4; ++i) id.push_back(static_cast<char>('0' + rng.Below(10)));
    id.push_back('.');
    for (int i = 0; i < 32; ++i) id.push_back(kHex[rng.Below(16)]);
    id.push_back('.');
    for (int i = 0; i < 4; ++i) id.push_back(static_cast<char>('0' + rng.Below(10)));
  }
  return id;
}

// The language a patient prefers: the country's, with English for some,
// and French for Quebec.
std::string_view PreferredLanguage(Prng& rng, const User& u) {
  const ref::Country& c = ref::Countries()[u.country];
  if (c.code == "CA" && c.cities[u.city].name == "Montréal") return "fr-CA";
  if (c.language.substr(0, 2) != "en" && c.code != "TR" && rng.Chance(0.15)) return "en-GB";
  return c.language;
}

// The roles of 0010_access_control.sql that a user holds, by function: a
// provider's own account is staff of that provider, and a doctor's also
// medical.
int RolesOf(const World& w, const User& u, std::string_view roles[2]) {
  switch (u.role) {
    case Role::kPatient: roles[0] = "patient"; return 1;
    case Role::kProvider:
      roles[0] = "provider_staff";
      if (w.providers[u.provider].type != ProviderType::kDoctor) return 1;
      roles[1] = "medical";
      return 2;
    case Role::kAdmin: roles[0] = "admin"; return 1;
    case Role::kSalesRep: roles[0] = "sales"; return 1;
    case Role::kMarketer: roles[0] = "marketing"; return 1;
    case Role::kCareCoordinator: roles[0] = "care_coordinator"; return 1;
    case Role::kClinician: roles[0] = "medical"; return 1;
    case Role::kAuditor: roles[0] = "auditor"; return 1;
    case Role::kPrivacyOfficer: roles[0] = "privacy_officer"; return 1;
  }
  return 0;
}

// The admin who did something on the platform at `at` (or later, when no
// admin was there yet): one who had joined by then if there is one.
std::int32_t AdminFor(const World& w, Prng& rng, std::int64_t at) {
  const std::int32_t pick = w.admins[rng.Below(w.admins.size())];
  if (w.users[pick].created_at <= at) return pick;
  std::int32_t earliest = w.admins.front();
  for (std::int32_t a : w.admins) {
    if (w.users[a].created_at <= at) return a;
    if (w.users[a].created_at < w.users[earliest].created_at) earliest = a;
  }
  return earliest;
}

// When an admin `admin` acted on something that exists from `at` on: a few
// minutes later, never before the admin joined nor after the reference time.
std::int64_t ActedAt(const World& w, Prng& rng, std::int32_t admin, std::int64_t at,
                     std::int64_t min_minutes, std::int64_t max_minutes) {
  const std::int64_t from = std::max(at, w.users[admin].created_at);
  return std::min(from + rng.Range(min_minutes, max_minutes) * kMinute, kReferenceTime - kMinute);
}

}  // namespace

core::Result<std::int64_t> WriteUsers(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(
      ctx.conn, "users",
      {"id", "email", "phone_number", "auth_provider", "auth_provider_id", "user_type", "status",
       "email_verified", "phone_verified", "created_at", "updated_at", "last_login_at", "deleted"},
      ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.users.size() && out.ok(); ++i) {
    const User& u = w.users[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kUserRows), i);
    std::string_view auth = "email";
    std::string_view status = "active";
    if (u.role == Role::kPatient) {
      auth =
          rng.Pick({std::string_view("email"), std::string_view("email"), std::string_view("email"),
                    std::string_view("google"), std::string_view("google"),
                    std::string_view("facebook"), std::string_view("apple")});
      const Patient& p = w.patients[u.patient];
      // Fresh sign-ups may not have confirmed their address yet.
      if (p.phase == Phase::kDiscovery && rng.Chance(0.3)) {
        status = "pending_verification";
      } else {
        status = rng.Pick({std::string_view("active"), std::string_view("active"),
                           std::string_view("active"), std::string_view("active"),
                           std::string_view("active"), std::string_view("active"),
                           std::string_view("active"), std::string_view("active"),
                           std::string_view("active"), std::string_view("inactive")});
        if (rng.Chance(0.005)) status = "suspended";
      }
    } else if (u.role == Role::kProvider) {
      status = w.providers[u.provider].is_active ? "active" : "inactive";
    } else if (rng.Chance(0.05)) {
      status = "inactive";  // staff who left
    }
    if (u.persona) {  // signs in with the demo password: an active, confirmed address
      auth = "email";
      status = "active";
    }
    const bool pending = status == "pending_verification";
    const bool email_verified = u.persona || (!pending && (auth != "email" || rng.Chance(0.95)));
    const bool phone_verified = !pending && (!u.channels.whatsapp.IsNil() || rng.Chance(0.6));
    std::int64_t last_login = kNoTime;
    if (!pending) {
      const std::int64_t span = kReferenceTime - u.created_at;
      // Active users logged in recently, the others a while ago.
      const double recency = status == "active" ? rng.Real(0.6, 1.0) : rng.Real(0.05, 0.5);
      last_login = u.created_at + static_cast<std::int64_t>(span * recency);
    }
    out.Id(u.id).Text(u.email).Text(u.phone).Text(auth);
    if (auth == "email") {
      out.Null();
    } else {
      out.Text(ExternalId(rng, auth));
    }
    out.Text(UserType(u.role)).Text(status).Bool(email_verified).Bool(phone_verified);
    out.Timestamp(u.created_at).Timestamp(last_login == kNoTime ? u.created_at : last_login);
    out.Timestamp(last_login).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteUserProfiles(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "user_profiles",
                 {"id", "user_id", "first_name", "last_name", "date_of_birth", "gender",
                  "nationality", "preferred_language", "timezone", "profile_picture_url",
                  "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.users.size() && out.ok(); ++i) {
    const User& u = w.users[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kUserProfiles), i);
    const ref::Country& country = ref::Countries()[u.country];
    out.Id(u.profile_id).Id(u.id).Text(u.first_name).Text(u.last_name).Date(u.birth_day);
    out.Text(GenderCode(u.gender)).Text(country.code).Text(PreferredLanguage(rng, u));
    out.Text(country.cities[u.city].timezone);
    if (rng.Chance(u.role == Role::kPatient ? 0.35 : 0.9)) {
      out.Text(MediaUrl("avatars", rng.NewUuid(), "avatar.jpg"));
    } else {
      out.Null();
    }
    const std::int64_t created = u.created_at + rng.Range(5, 600);
    const std::int64_t updated =
        created + static_cast<std::int64_t>((kReferenceTime - created) * rng.Real(0, 0.3));
    out.Timestamp(created).Timestamp(updated).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteUserRoles(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "user_roles", {"user_id", "role", "granted_by", "granted_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.users.size() && out.ok(); ++i) {
    const User& u = w.users[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kRoleRows), i);
    std::string_view roles[2];
    const int count = RolesOf(w, u, roles);
    for (int r = 0; r < count; ++r) {
      // A patient's role is granted by sign-up itself; the first admin was
      // set up with the platform.
      if (u.role == Role::kPatient ||
          (u.role == Role::kAdmin && static_cast<std::int32_t>(i) == w.admins.front())) {
        out.Id(u.id).Text(roles[r]).Null().Timestamp(u.created_at);
      } else {
        // Staff roles on joining; a doctor's medical role once the
        // platform had checked the licence, a day or three later.
        // The other admins were appointed by the first one.
        const std::int32_t admin = u.role == Role::kAdmin ? w.admins.front()
                                                          : AdminFor(w, rng, u.created_at);
        const bool licence = roles[r] == "medical" && u.role == Role::kProvider;
        const std::int64_t granted = licence
                                         ? ActedAt(w, rng, admin, u.created_at, 24 * 60, 72 * 60)
                                         : ActedAt(w, rng, admin, u.created_at, 1, 30);
        out.Id(u.id).Text(roles[r]).Id(w.users[admin].id).Timestamp(granted);
      }
      out.EndRow();
    }
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteProviderMembers(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "provider_members", {"user_id", "provider_id", "added_by", "created_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.users.size() && out.ok(); ++i) {
    const User& u = w.users[i];
    if (u.role != Role::kProvider || u.provider < 0) continue;
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kMemberRows), i);
    // The admin who onboarded the provider linked its account to it.
    const std::int32_t admin = AdminFor(w, rng, u.created_at);
    out.Id(u.id).Id(w.providers[u.provider].id).Id(w.users[admin].id);
    out.Timestamp(ActedAt(w, rng, admin, u.created_at, 1, 30));
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteCareAssignments(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "care_assignments",
                 {"id", "staff_user_id", "patient_profile_id", "kind", "assigned_by", "assigned_at",
                  "ended_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    // From the booking on, a coordinator organises the trip and a clinician
    // reviews the case; both step back when the booking falls through.
    if (p.booking < 0) continue;
    const Booking& b = w.bookings[p.booking];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kCareAssignments), i);
    const bool lost = b.status == BookingStatus::kCancelled || b.status == BookingStatus::kNoShow;
    struct Assignment {
      std::int32_t staff;
      std::string_view kind;
      std::int64_t min_minutes;
      std::int64_t max_minutes;
    };
    const Assignment assignments[] = {
        {p.coordinator, "care_coordinator", 10, 240},  // handed over on the deposit
        {p.clinician, "medical", 60, 48 * 60},         // medical review of the case
    };
    for (const Assignment& a : assignments) {
      if (a.staff < 0) continue;
      const std::int32_t admin = AdminFor(w, rng, b.created_at);
      const std::int64_t from = std::max(b.created_at, w.users[a.staff].created_at);
      const std::int64_t assigned = ActedAt(w, rng, admin, from, a.min_minutes, a.max_minutes);
      std::int64_t ended = kNoTime;
      if (lost) {
        ended = std::max(b.updated_at, assigned + kHour) + rng.Range(0, 48) * kHour;
        if (ended >= kReferenceTime) ended = kNoTime;  // not yet wound up
      }
      out.Id(rng.NewUuid()).Id(w.users[a.staff].id).Id(p.profile_id).Text(a.kind);
      out.Id(w.users[admin].id).Timestamp(assigned).Timestamp(ended);
      out.EndRow();
    }
  }
  return out.Finish();
}

}  // namespace imedic::seed
