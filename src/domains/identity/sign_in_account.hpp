// What sign-in needs to know about an account, as read by
// find_account_by_email and find_external_identity (the same six columns
// first): shared by password sign-in, the second factor and external
// identities.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "db/typed_get.hpp"

namespace imedic::identity {

struct SignInAccount {
  std::string user_id;
  std::string status;
  std::string user_type;
  bool totp_enabled = false;
  std::optional<std::string> totp_secret_sealed;
  std::optional<std::int64_t> totp_last_step;
};

// Columns 0–5 of the first row: id, status, user_type, totp_enabled,
// totp_secret_sealed, totp_last_step. A malformed cell is an internal error,
// never an exception.
inline core::Result<SignInAccount> SignInAccountFromRow(const db::PgResult& r) {
  auto totp_last_step = db::GetOptionalInt64(r, 0, 5);
  if (!totp_last_step) return core::Fail(totp_last_step.error());
  return SignInAccount{std::string(r.Get(0, 0)), std::string(r.Get(0, 1)), std::string(r.Get(0, 2)),
                       r.Get(0, 3) == "t",       r.GetOptional(0, 4),      *totp_last_step};
}

}  // namespace imedic::identity
