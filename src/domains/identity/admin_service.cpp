#include "domains/identity/admin_service.hpp"

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "core/opaque_token.hpp"
#include "db/text_array.hpp"
#include "db/typed_get.hpp"
#include "domains/identity/authenticator.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

core::Result<db::PgResult> AdminService::RunAudited(const db::Query& q, db::Params params,
                                                    const core::Principal& who,
                                                    const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  params.Add(who.user_id).Add(meta.request_id).Add(meta.ip).Add(who.AuditRole());
  return (*conn)->Execute(q, params);
}

core::Result<std::string> AdminService::FirstCell(const db::Query& q, const db::Params& params) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(q, params);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return std::string(r->Get(0, 0));
}

core::Result<std::string> AdminService::CreateUser(const NewStaffAccount& a,
                                                   const core::Principal& who,
                                                   const RequestMeta& meta) {
  return registration_.CreateStaffUser(a.email, a.user_type, a.first_name, a.last_name, a.password,
                                       a.roles, who.user_id, who.AuditRole(), meta);
}

core::Result<void> AdminService::SetUserStatus(const std::string& user_id,
                                               const std::string& status,
                                               const core::Principal& who,
                                               const RequestMeta& meta) {
  if (user_id == who.user_id) {
    return core::Fail(core::Error(core::ErrorCode::kConflict, "you cannot change your own status"));
  }
  auto r = RunAudited(sql::kSetUserStatus, db::Params{user_id, status}, who, meta);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1)
    return core::Fail(core::Error::NotFound("no such user, or already " + status));
  return {};
}

core::Result<void> AdminService::ResetSecondFactor(const std::string& user_id,
                                                   const core::Principal& who,
                                                   const RequestMeta& meta) {
  // reset_second_factor takes the actor right after the user ($2).
  auto r = RunAudited(sql::kResetSecondFactor, db::Params{user_id}, who, meta);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such user with a second factor"));
  return {};
}

core::Result<std::string> AdminService::GrantRole(const std::string& user_id,
                                                  const std::string& role,
                                                  const core::Principal& who,
                                                  const RequestMeta& meta) {
  auto r = RunAudited(sql::kGrantRole, db::Params{user_id, role}, who, meta);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such user"));
  if (r->Get(0, 0) == "not_assignable") {
    return core::Fail(
        core::Error::InvalidInput("this role does not exist or cannot be held by this user",
                                  {{"role", "unknown or not assignable to this user type"}}));
  }
  return std::string(r->Get(0, 0));
}

core::Result<void> AdminService::RevokeRole(const std::string& user_id, const std::string& role,
                                            const core::Principal& who, const RequestMeta& meta) {
  auto r = RunAudited(sql::kRevokeRole, db::Params{user_id, role}, who, meta);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound("the user does not hold this role"));
  return {};
}

core::Result<std::string> AdminService::ListRoles() { return FirstCell(sql::kListRoles, {}); }

core::Result<std::string> AdminService::ListPermissions() {
  return FirstCell(sql::kListPermissions, {});
}

core::Result<void> AdminService::SetRolePermissions(const std::string& role,
                                                    const std::vector<std::string>& permissions,
                                                    const core::Principal& who,
                                                    const RequestMeta& meta) {
  auto r = RunAudited(sql::kSetRolePermissions, db::Params{role, db::ToTextArray(permissions)}, who,
                      meta);
  if (!r) {
    core::Error e = r.error();
    if (e.code == core::ErrorCode::kInvalidInput) {
      e.fields = {{"permissions", "holds an unknown permission"}};
    }
    return core::Fail(e);
  }
  if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such role"));
  return {};
}

core::Result<void> AdminService::SetLeadScope(const std::string& value, const core::Principal& who,
                                              const RequestMeta& meta) {
  auto r = RunAudited(sql::kSetLeadScope, db::Params{value}, who, meta);
  if (!r) return core::Fail(r.error());
  return {};
}

core::Result<void> AdminService::AddProviderMember(const std::string& provider_id,
                                                   const std::string& user_id,
                                                   const core::Principal& who,
                                                   const RequestMeta& meta) {
  auto r = RunAudited(sql::kAddProviderMember, db::Params{user_id, provider_id}, who, meta);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) {
    return core::Fail(
        core::Error::InvalidInput("no such provider, or the user is not a provider-type account",
                                  {{"user_id", "must be a provider-type user"}}));
  }
  return {};
}

core::Result<std::string> AdminService::AssignCare(const std::string& staff_user_id,
                                                   const std::string& patient_profile_id,
                                                   const std::string& kind,
                                                   const core::Principal& who,
                                                   const RequestMeta& meta) {
  auto r = RunAudited(sql::kAssignCare, db::Params{staff_user_id, patient_profile_id, kind}, who,
                      meta);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) {
    return core::Fail(core::Error::InvalidInput(
        "unknown patient, or the staff member lacks the role for this kind",
        {{"staff_user_id", "must hold the role named by kind"}}));
  }
  return std::string(r->Get(0, 0));
}

core::Result<std::string> AdminService::BreakGlass(const std::string& patient_profile_id,
                                                   const std::string& reason, int minutes,
                                                   const core::Principal& who,
                                                   const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kBreakGlass,
                            db::Params{who.user_id, patient_profile_id, minutes, reason,
                                       meta.request_id, meta.ip, who.AuditRole()});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such patient"));
  core::log::Warn("break_glass")
      .Str("request_id", meta.request_id)
      .Str("actor_user_id", who.user_id)
      .Str("patient_profile_id", patient_profile_id)
      .Emit();
  return std::string(r->Get(0, 0));
}

core::Result<std::string> AdminService::CreateApiToken(const ApiTokenRequest& request,
                                                       const core::Principal& who,
                                                       const RequestMeta& meta) {
  if (who.via_api_token) {
    return core::Fail(
        core::Error(core::ErrorCode::kForbidden, "API tokens cannot issue API tokens"));
  }
  std::string token = core::NewOpaqueToken(kApiTokenPrefix);
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kCreateApiToken,
      db::Params{who.user_id, request.name, core::TokenHash(token), db::ToTextArray(request.scopes),
                 request.expires_in_days, meta.request_id, meta.ip, who.AuditRole()});
  if (!r) return core::Fail(r.error());
  auto out = db::GetJson(*r, 0, 0);
  if (!out) return core::Fail(out.error());
  (*out)["token"] = token;  // shown once
  return out->dump();
}

core::Result<std::string> AdminService::ListApiTokens(const core::Principal& who) {
  return FirstCell(sql::kListApiTokens, db::Params{who.user_id});
}

core::Result<void> AdminService::RevokeApiToken(const std::string& token_id,
                                                const core::Principal& who,
                                                const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kRevokeApiToken, db::Params{token_id, who.user_id, meta.request_id,
                                                             meta.ip, who.AuditRole()});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return {};
}

}  // namespace imedic::identity
