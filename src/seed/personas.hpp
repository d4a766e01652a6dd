// The demo personas' credentials: one account per role (World::personas)
// that signs in with the demo password, staff also with a TOTP second
// factor. Both are derived from the seed, so `imedic seed --demo` can print
// them again on later starts without storing them anywhere. For demos only:
// anyone who knows the seed knows the password (README, "Demo personas").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "core/password.hpp"
#include "db/connection.hpp"
#include "seed/generator.hpp"

namespace imedic::seed {

struct DemoPersona {
  std::string role;         // patient, provider_staff, …, admin
  std::string email;        // <role>@demo.example.com
  std::string totp_base32;  // the TOTP secret as authenticator apps take it; "" for patients
};

// The password every persona of `seed` signs in with.
std::string DemoPassword(std::uint64_t seed);
// The raw TOTP secret of the persona of `role` (20 bytes).
std::string PersonaTotpSecret(std::uint64_t seed, std::string_view role);

// Writes the personas' user_credentials (argon2id hash of the demo password
// under `policy`; for staff a TOTP secret sealed with `master` and enabled),
// in the caller's transaction.
core::Result<std::vector<DemoPersona>> WritePersonaCredentials(db::Connection& conn,
                                                               const World& world,
                                                               const core::Keyring& master,
                                                               const core::PasswordPolicy& policy);

// The personas already in the database, with their credentials as `seed`
// derives them; none when the database was seeded with another seed (the
// demo password does not open the first persona's account).
core::Result<std::vector<DemoPersona>> ReadPersonas(db::Connection& conn, std::uint64_t seed);

}  // namespace imedic::seed
