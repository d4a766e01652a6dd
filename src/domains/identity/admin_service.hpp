// Administration: staff accounts, their status, second factor and roles;
// the permissions of roles and the sales lead scope; provider memberships,
// care assignments and break-glass access; and the caller's own API tokens.
// Each write runs one audited statement; the answers that PostgreSQL
// renders (lists, grants, tokens) come back as JSON text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "db/pool.hpp"
#include "domains/identity/identity_types.hpp"
#include "domains/identity/registration_service.hpp"

namespace imedic::identity {

struct NewStaffAccount {
  std::string email;  // normalised
  std::string user_type;
  std::string first_name, last_name;
  std::vector<std::string> roles;
  std::optional<std::string> password;
};

struct ApiTokenRequest {
  std::string name;
  std::vector<std::string> scopes;
  std::optional<int> expires_in_days;
};

class AdminService {
 public:
  AdminService(db::Pool& pool, RegistrationService& registration)
      : pool_(pool), registration_(registration) {}

  // The new account's id; 409 naming `email` when taken.
  core::Result<std::string> CreateUser(const NewStaffAccount& account, const core::Principal& who,
                                       const RequestMeta& meta);
  // `status` is "suspended" (ends the user's sessions and tokens) or
  // "active". 409 for one's own account; 404 for no such user or one
  // already in that status.
  core::Result<void> SetUserStatus(const std::string& user_id, const std::string& status,
                                   const core::Principal& who, const RequestMeta& meta);
  // 404 unless the user has a second factor to reset.
  core::Result<void> ResetSecondFactor(const std::string& user_id, const core::Principal& who,
                                       const RequestMeta& meta);
  // "granted", or "exists" when already held; 422 naming `role` for a role
  // the user's type may not hold.
  core::Result<std::string> GrantRole(const std::string& user_id, const std::string& role,
                                      const core::Principal& who, const RequestMeta& meta);
  core::Result<void> RevokeRole(const std::string& user_id, const std::string& role,
                                const core::Principal& who, const RequestMeta& meta);
  core::Result<std::string> ListRoles();        // JSON array
  core::Result<std::string> ListPermissions();  // JSON array
  // 422 naming `permissions` for an unknown one; 404 for no such role.
  core::Result<void> SetRolePermissions(const std::string& role,
                                        const std::vector<std::string>& permissions,
                                        const core::Principal& who, const RequestMeta& meta);
  core::Result<void> SetLeadScope(const std::string& value, const core::Principal& who,
                                  const RequestMeta& meta);
  // 422 naming `user_id` unless the provider exists and the user is a
  // provider-type account.
  core::Result<void> AddProviderMember(const std::string& provider_id, const std::string& user_id,
                                       const core::Principal& who, const RequestMeta& meta);
  // The assignment's id (an existing one when already assigned); 422
  // naming `staff_user_id` when the pair is not valid.
  core::Result<std::string> AssignCare(const std::string& staff_user_id,
                                       const std::string& patient_profile_id,
                                       const std::string& kind, const core::Principal& who,
                                       const RequestMeta& meta);
  // The grant as JSON; 404 for no such patient.
  core::Result<std::string> BreakGlass(const std::string& patient_profile_id,
                                       const std::string& reason, int minutes,
                                       const core::Principal& who, const RequestMeta& meta);
  // The token's row as JSON with the token itself, shown once. 403 when
  // the caller signed in with an API token.
  core::Result<std::string> CreateApiToken(const ApiTokenRequest& request,
                                           const core::Principal& who, const RequestMeta& meta);
  core::Result<std::string> ListApiTokens(const core::Principal& who);  // JSON array
  core::Result<void> RevokeApiToken(const std::string& token_id, const core::Principal& who,
                                    const RequestMeta& meta);

 private:
  // Runs an audited admin write: `params`, then the standard trailing
  // parameters actor, request id, ip, actor role.
  core::Result<db::PgResult> RunAudited(const db::Query& q, db::Params params,
                                        const core::Principal& who, const RequestMeta& meta);
  // The first cell of a one-row statement without parameters.
  core::Result<std::string> FirstCell(const db::Query& q, const db::Params& params);

  db::Pool& pool_;
  RegistrationService& registration_;
};

}  // namespace imedic::identity
