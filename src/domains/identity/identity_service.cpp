#include "domains/identity/identity_service.hpp"

namespace imedic::identity {

IdentityService::IdentityService(db::Pool& pool, const core::Keyring& keys,
                                 IdentitySettings settings)
    : context_(pool, keys, std::move(settings)),
      registration_(context_),
      second_factor_(context_),
      sessions_(context_, second_factor_),
      passwords_(context_),
      external_(context_, sessions_),
      admin_(pool, registration_) {}

core::Result<std::string> IdentityService::CreateStaffUser(
    const std::string& email, const std::string& user_type, const std::string& first_name,
    const std::string& last_name, const std::optional<std::string>& password,
    const std::vector<std::string>& roles, const std::optional<std::string>& actor,
    const std::string& actor_role, const RequestMeta& meta) {
  return registration_.CreateStaffUser(email, user_type, first_name, last_name, password, roles,
                                       actor, actor_role, meta);
}

}  // namespace imedic::identity
