// Sign-in and sessions: password sign-in with throttling per account and
// per address, the second factor where the account has one, and the
// session's life (refresh, logout, logout everywhere).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domains/identity/identity_context.hpp"
#include "domains/identity/second_factor_service.hpp"
#include "domains/identity/sign_in_account.hpp"

namespace imedic::identity {

class SessionService {
 public:
  SessionService(IdentityContext& ctx, SecondFactorService& second_factor)
      : ctx_(ctx), second_factor_(second_factor) {}

  // Wrong password, unknown account and inactive account fail alike (401);
  // too many failures per account or address fail with 429 and Retry-After.
  core::Result<SessionGrant> Login(const std::string& email, const std::string& password,
                                   const SecondFactor& factor, const RequestMeta& meta);
  core::Result<SessionGrant> Refresh(const core::Principal& who, const RequestMeta& meta);
  core::Result<void> Logout(const core::Principal& who, const RequestMeta& meta);
  core::Result<int> LogoutEverywhere(const core::Principal& who, const RequestMeta& meta);

  // Opens a session for an account whose first factor has been checked
  // (password, or a provider's ID token), asking for its second factor
  // where it has one. `clear_bucket` names a throttle bucket the same
  // statement clears (a password sign-in's account bucket).
  core::Result<SessionGrant> Open(const SignInAccount& account, const SecondFactor& factor,
                                  const RequestMeta& meta, db::Connection& conn,
                                  const std::optional<std::string>& clear_bucket = std::nullopt);

 private:
  core::Result<void> RecordFailure(db::Connection& conn, const std::string& account_bucket,
                                   const RequestMeta& meta,
                                   const std::optional<std::string>& user_id,
                                   std::string_view action);

  IdentityContext& ctx_;
  SecondFactorService& second_factor_;
};

}  // namespace imedic::identity
