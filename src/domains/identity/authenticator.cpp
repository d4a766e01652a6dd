#include "domains/identity/authenticator.hpp"

#include "core/opaque_token.hpp"
#include "db/text_array.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

namespace {

core::Error Invalid() {
  return core::Error(core::ErrorCode::kUnauthenticated,
                     "the token is not valid (expired, revoked or unknown): sign in again");
}

}  // namespace

void ComputeScopes(core::Principal& p, std::string_view sales_lead_scope) {
  using core::PatientScope;
  for (const auto& role : p.roles) {
    if (role == "admin") p.patient_scopes.Add(PatientScope::kAll);
    if (role == "provider_staff") p.patient_scopes.Add(PatientScope::kProvider);
    if (role == "medical" || role == "care_coordinator") {
      p.patient_scopes.Add(PatientScope::kAssigned);
    }
    if (role == "patient") p.patient_scopes.Add(PatientScope::kOwn);
    if (role == "admin") p.lead_scope = core::LeadScope::kAll;
    if (role == "sales" && p.lead_scope != core::LeadScope::kAll) {
      p.lead_scope = sales_lead_scope == "all" ? core::LeadScope::kAll : core::LeadScope::kAssigned;
    }
  }
}

core::Result<core::Principal> SessionAuthenticator::Authenticate(std::string_view token,
                                                                 const http::Request&) {
  const bool is_session = token.starts_with(kSessionTokenPrefix);
  if (!is_session && !token.starts_with(kApiTokenPrefix)) return core::Fail(Invalid());
  if (token.size() > 128) return core::Fail(Invalid());
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto rows = (*conn)->Execute(is_session ? sql::kAuthenticateSession : sql::kAuthenticateApiToken,
                               db::Params{core::TokenHash(token)});
  if (!rows) return core::Fail(rows.error());
  if (rows->rows() != 1) return core::Fail(Invalid());
  core::Principal p;
  p.session_id = std::string(rows->Get(0, 0));
  p.user_id = std::string(rows->Get(0, 1));
  p.user_type = std::string(rows->Get(0, 2));
  const bool mfa_verified = rows->Get(0, 3) == "t";
  const bool mfa_required = rows->Get(0, 4) == "t";
  p.mfa_satisfied = mfa_verified || !mfa_required;
  p.roles = db::ParseTextArray(rows->Get(0, 5));
  p.permissions = db::ParseTextArray(rows->Get(0, 6));
  p.patient_profile_id = rows->GetOptional(0, 7);
  p.provider_ids = db::ParseTextArray(rows->Get(0, 8));
  p.via_api_token = !is_session;
  ComputeScopes(p, rows->Get(0, 9));
  return p;
}

}  // namespace imedic::identity
