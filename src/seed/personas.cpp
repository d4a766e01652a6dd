#include "seed/personas.hpp"

#include "core/aead.hpp"
#include "core/base32.hpp"
#include "core/totp.hpp"
#include "seed/prng.hpp"

namespace imedic::seed {

namespace {

// The stream index of each derived secret: the password, then one per role.
std::uint64_t StreamIndex(std::string_view role) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a: a stable index per role name
  for (char c : role) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

std::string PersonaEmail(std::string_view role) {
  return std::string(role) + "@" + std::string(kPersonaDomain);
}

DemoPersona Describe(std::uint64_t seed, std::string_view role) {
  DemoPersona p{std::string(role), PersonaEmail(role), ""};
  if (role != "patient") p.totp_base32 = core::Base32Encode(PersonaTotpSecret(seed, role));
  return p;
}

}  // namespace

std::string DemoPassword(std::uint64_t seed) {
  // Three groups of four from an alphabet without look-alikes: easy to type.
  static constexpr char kChars[] = "abcdefghjkmnpqrstuvwxyz23456789";
  Prng rng = Prng::Stream(seed, static_cast<std::uint64_t>(Stream::kPersonas), 0);
  std::string out = "demo";
  for (int group = 0; group < 3; ++group) {
    out += '-';
    for (int i = 0; i < 4; ++i) out += kChars[rng.Below(sizeof kChars - 1)];
  }
  return out;
}

std::string PersonaTotpSecret(std::uint64_t seed, std::string_view role) {
  Prng rng = Prng::Stream(seed, static_cast<std::uint64_t>(Stream::kPersonas), StreamIndex(role));
  std::string secret;
  for (int i = 0; i < 20; ++i) secret += static_cast<char>(rng.Below(256));
  return secret;
}

core::Result<std::vector<DemoPersona>> WritePersonaCredentials(db::Connection& conn,
                                                               const World& world,
                                                               const core::Keyring& master,
                                                               const core::PasswordPolicy& policy) {
  std::vector<DemoPersona> out;
  if (world.personas.empty()) return out;
  // One hash for all: argon2id costs what it costs, and the demo password
  // is the same for every persona anyway.
  auto hash = core::HashPassword(DemoPassword(world.seed), policy);
  if (!hash) return core::Fail(hash.error());
  for (const Persona& persona : world.personas) {
    const std::string user_id = UuidString(world.users[persona.user].id);
    std::optional<std::string> sealed;
    if (persona.role != "patient") {
      sealed = core::Seal(master, PersonaTotpSecret(world.seed, persona.role),
                          core::TotpSealContext(user_id));
    }
    auto written = conn.ExecParams(
        "INSERT INTO user_credentials (user_id, password_hash, password_changed_at, "
        "totp_secret_sealed, totp_enabled) VALUES ($1::uuid, $2, $3::timestamptz, $4, $5::bool)",
        db::Params{user_id, *hash, "2026-11-01T00:00:00Z", sealed, sealed ? "true" : "false"});
    if (!written) return core::Fail(written.error());
    out.push_back(Describe(world.seed, persona.role));
  }
  return out;
}

core::Result<std::vector<DemoPersona>> ReadPersonas(db::Connection& conn, std::uint64_t seed) {
  auto rows = conn.ExecParams(
      "SELECT split_part(u.email, '@', 1), c.password_hash FROM users u "
      "JOIN user_credentials c ON c.user_id = u.id WHERE u.email LIKE '%@' || $1 "
      "ORDER BY u.created_at, u.email",
      db::Params{std::string(kPersonaDomain)});
  if (!rows) return core::Fail(rows.error());
  std::vector<DemoPersona> out;
  if (rows->rows() == 0 || !core::VerifyPassword(rows->Get(0, 1), DemoPassword(seed))) return out;
  for (int i = 0; i < rows->rows(); ++i) out.push_back(Describe(seed, rows->Get(i, 0)));
  return out;
}

}  // namespace imedic::seed
