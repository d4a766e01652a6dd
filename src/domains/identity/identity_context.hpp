// What every identity capability shares: the pool, the master keys, the
// settings, the argon2id hasher and the keyed hash of one-time codes, with
// the few steps several of them take (an audit row, a code check, the
// answers that must not tell accounts apart).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "core/password_hasher.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"
#include "domains/identity/identity_types.hpp"

namespace imedic::identity {

class IdentityContext {
 public:
  IdentityContext(db::Pool& pool, const core::Keyring& keys, IdentitySettings settings);
  IdentityContext(const IdentityContext&) = delete;
  IdentityContext& operator=(const IdentityContext&) = delete;

  db::Pool& pool() { return pool_; }
  const core::Keyring& keys() const { return keys_; }
  const IdentitySettings& settings() const { return settings_; }
  core::PasswordHasher& hasher() { return hasher_; }
  core::PasswordHasherStats hasher_stats() const { return hasher_.Stats(); }

  // Keyed hash of a one-time code: a leaked table does not reveal codes.
  std::string CodeHash(std::string_view purpose, std::string_view code) const;

 private:
  db::Pool& pool_;
  const core::Keyring& keys_;
  IdentitySettings settings_;
  core::PasswordHasher hasher_;  // after settings_: built from settings_.hashing
  std::string code_pepper_;
};

// Appends an audit row for an identity change (no changed columns).
core::Result<void> AuditIdentity(db::Connection& conn, const std::optional<std::string>& actor,
                                 std::string_view role, std::string_view action,
                                 std::string_view table, const std::optional<std::string>& row_id,
                                 const RequestMeta& meta);

// Runs a code-consuming statement (consume_code / consume_user_code) in
// `tx`. A wrong code still counts as an attempt: the attempt is committed
// and BadCode returned. On a match, returns the user id (tx still open).
core::Result<std::string> TryCode(db::Connection& conn, db::Transaction& tx, const db::Query& query,
                                  const db::Params& params);

// One answer for unknown account, wrong password and inactive account.
core::Error BadCredentials();
core::Error BadCode();

// The throttle bucket of the caller's address.
std::string AddressBucket(const RequestMeta& meta);

}  // namespace imedic::identity
