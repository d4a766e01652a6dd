// The identity domain, assembled: each capability is its own class with its
// own statements, sharing one IdentityContext (pool, keys, settings, the
// argon2id hasher, the pepper of one-time codes):
//   registration_service      sign-up, email and phone verification, staff accounts
//   session_service           password sign-in, throttling, sessions
//   second_factor_service     TOTP enrolment and the second-factor check
//   password_service          forgotten-password reset, password change
//   external_identity_service sign-in with a provider's ID token
//   admin_service             users, roles, access settings, API tokens
// Every change is audited in its own transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "domains/identity/admin_service.hpp"
#include "domains/identity/external_identity_service.hpp"
#include "domains/identity/identity_context.hpp"
#include "domains/identity/identity_types.hpp"
#include "domains/identity/password_service.hpp"
#include "domains/identity/registration_service.hpp"
#include "domains/identity/second_factor_service.hpp"
#include "domains/identity/session_service.hpp"

namespace imedic::identity {

class IdentityService {
 public:
  IdentityService(db::Pool& pool, const core::Keyring& keys, IdentitySettings settings);

  RegistrationService& registration() { return registration_; }
  SessionService& sessions() { return sessions_; }
  SecondFactorService& second_factor() { return second_factor_; }
  PasswordService& passwords() { return passwords_; }
  ExternalIdentityService& external() { return external_; }
  AdminService& admin() { return admin_; }
  // The argon2id hashing queue, for /metrics.
  core::PasswordHasherStats password_hasher_stats() const { return context_.hasher_stats(); }

  // For `imedic user create-admin` (and tests): see RegistrationService.
  core::Result<std::string> CreateStaffUser(const std::string& email, const std::string& user_type,
                                            const std::string& first_name,
                                            const std::string& last_name,
                                            const std::optional<std::string>& password,
                                            const std::vector<std::string>& roles,
                                            const std::optional<std::string>& actor,
                                            const std::string& actor_role, const RequestMeta& meta);

 private:
  IdentityContext context_;
  RegistrationService registration_;
  SecondFactorService second_factor_;
  SessionService sessions_;
  PasswordService passwords_;
  ExternalIdentityService external_;
  AdminService admin_;
};

}  // namespace imedic::identity
