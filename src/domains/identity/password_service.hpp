// Passwords: a reset by emailed code for a forgotten one, and a change by
// the signed-in owner who knows the current one. Either ends every session
// and API token made with the old password.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domains/identity/identity_context.hpp"

namespace imedic::identity {

class PasswordService {
 public:
  explicit PasswordService(IdentityContext& ctx) : ctx_(ctx) {}

  // Answers alike for any email; an existing account gets a code by email.
  core::Result<void> ForgotPassword(const std::string& email, const RequestMeta& meta);
  core::Result<void> ResetPassword(const std::string& email, const std::string& code,
                                   const std::string& new_password, const RequestMeta& meta);
  // 422 naming `current_password` when it is wrong.
  core::Result<void> ChangePassword(const core::Principal& who, const std::string& current,
                                    const std::string& next, const RequestMeta& meta);

 private:
  IdentityContext& ctx_;
};

}  // namespace imedic::identity
