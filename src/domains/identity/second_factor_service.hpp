// The second factor: TOTP enrolment (a sealed secret, then a first good
// code that yields one-time recovery codes) and the check of a TOTP or
// recovery code at sign-in.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domains/identity/identity_context.hpp"
#include "domains/identity/sign_in_account.hpp"

namespace imedic::identity {

class SecondFactorService {
 public:
  explicit SecondFactorService(IdentityContext& ctx) : ctx_(ctx) {}

  // A new secret, sealed until confirmed; 409 when TOTP is already enabled.
  core::Result<TotpEnrollment> StartTotp(const core::Principal& who, const RequestMeta& meta);
  // Enables TOTP after a first good code; returns fresh recovery codes.
  core::Result<std::vector<std::string>> ConfirmTotp(const core::Principal& who,
                                                     const std::string& code,
                                                     const RequestMeta& meta);

  // Whether `factor` is a good TOTP code (not replayed) or an unused
  // recovery code of `account`; a good one is used up on `conn`.
  core::Result<bool> Check(const SignInAccount& account, const SecondFactor& factor,
                           db::Connection& conn);

 private:
  IdentityContext& ctx_;
};

}  // namespace imedic::identity
