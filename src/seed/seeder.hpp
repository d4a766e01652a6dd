// `imedic seed --demo`: a realistic, deterministic data set for demos,
// development and benchmarks. The same seed and scale give the same rows,
// except that the columns docs/encryption.md marks encrypted hold envelopes
// under random per-patient data keys (the same plaintext, other ciphertext).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "core/password.hpp"
#include "db/connection.hpp"
#include "seed/personas.hpp"

namespace imedic::seed {

struct SeedOptions {
  int scale = 1;                  // multiplies every volume
  std::uint64_t seed = 20261125;  // the generator's seed
  bool if_empty = false;          // do nothing when the database already has users
  // Called with a line of progress ("leads 120000/500000") now and then.
  std::function<void(const std::string&)> progress;
  // argon2id cost of the demo personas' password hash (tests lower it).
  core::PasswordPolicy password_policy = core::DefaultPasswordPolicy();
};

struct SeedReport {
  bool skipped = false;  // if_empty and data was already there
  std::vector<std::pair<std::string, std::int64_t>> rows_per_table;
  double seconds = 0;
  // The accounts to try the platform as (also when skipped, if this seed
  // made them), all signing in with demo_password.
  std::vector<DemoPersona> personas;
  std::string demo_password;
};

// Fills every table of the schema, and gives the demo personas
// (seed/personas.hpp) their credentials. Runs in one transaction: on failure
// nothing is left behind. Every patient gets a random data key, wrapped with
// `master`'s active key into patient_data_keys; the encrypted columns are
// sealed with it (privacy::EncryptField), as the records API reads them.
core::Result<SeedReport> SeedDemo(db::Connection& conn, const core::Keyring& master,
                                  const SeedOptions& options);

}  // namespace imedic::seed
