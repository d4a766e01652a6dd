// users and user_profiles.
#include "seed/json_writer.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

std::string_view UserType(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kProvider: return "provider";
    case Role::kPatient: return "patient";
    default: return "staff";  // sales, marketing and care coordination
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
    const bool pending = status == "pending_verification";
    const bool email_verified = !pending && (auth != "email" || rng.Chance(0.95));
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

}  // namespace imedic::seed
