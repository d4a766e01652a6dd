// Registration and verification: a patient signs up and proves their email
// (and later their phone) with one-time codes; staff, provider and admin
// accounts are created by an administrator or the CLI.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domains/identity/identity_context.hpp"

namespace imedic::identity {

class RegistrationService {
 public:
  explicit RegistrationService(IdentityContext& ctx) : ctx_(ctx) {}

  // Always succeeds the same way whether or not the email is taken (no
  // account enumeration); a taken address is told by email instead.
  core::Result<void> Register(const Registration& r, const RequestMeta& meta);
  core::Result<void> VerifyEmail(const std::string& email, const std::string& code,
                                 const RequestMeta& meta);

  // Phone verification for a signed-in user: a code by SMS, then the code.
  core::Result<void> StartPhoneVerification(const core::Principal& who, const RequestMeta& meta);
  core::Result<void> VerifyPhone(const core::Principal& who, const std::string& code,
                                 const RequestMeta& meta);

  // Claims an account opened by staff (identity/invitation.hpp): sets the
  // password and verifies the email the token came through; the token is
  // used up. 422 naming `token` for an unknown, used or expired one.
  core::Result<std::string> AcceptInvitation(const std::string& token, const std::string& password,
                                             const RequestMeta& meta);

  // For `imedic user create-admin` and the admin API. Fails 422 naming
  // `roles` for a role the account type cannot hold, 409 naming `email`
  // for a taken address.
  core::Result<std::string> CreateStaffUser(const std::string& email, const std::string& user_type,
                                            const std::string& first_name,
                                            const std::string& last_name,
                                            const std::optional<std::string>& password,
                                            const std::vector<std::string>& roles,
                                            const std::optional<std::string>& actor,
                                            const std::string& actor_role, const RequestMeta& meta);

 private:
  IdentityContext& ctx_;
};

}  // namespace imedic::identity
