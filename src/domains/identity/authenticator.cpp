#include "domains/identity/authenticator.hpp"

#include <chrono>

#include "core/opaque_token.hpp"
#include "db/text_array.hpp"
#include "db/typed_get.hpp"
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
  std::string hash = core::TokenHash(token);
  if (cache_ != nullptr) {
    if (auto cached = cache_->Find(hash)) return std::move(*cached);
  }
  return Load(hash, is_session);
}

core::Result<core::Principal> SessionAuthenticator::Load(const std::string& hash, bool is_session) {
  // Taken before the read: a change committed meanwhile keeps it out of the cache.
  const std::uint64_t ticket = cache_ != nullptr ? cache_->Ticket() : 0;
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto rows = (*conn)->Execute(is_session ? sql::kAuthenticateSession : sql::kAuthenticateApiToken,
                               db::Params{hash});
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
  if (cache_ != nullptr) {
    auto expires_ms = db::GetOptionalInt64(*rows, 0, 10);
    auto idle_seconds = db::GetOptionalInt64(*rows, 0, 11);
    if (!expires_ms) return core::Fail(expires_ms.error());
    if (!idle_seconds) return core::Fail(idle_seconds.error());
    TokenLifetime lifetime;
    // No expiry (an API token without one): the cache's own max age bounds it.
    lifetime.expires_in = *expires_ms ? std::chrono::milliseconds(**expires_ms)
                                      : std::chrono::milliseconds::max();
    if (*idle_seconds) lifetime.idle_timeout = std::chrono::seconds(**idle_seconds);
    cache_->Store(ticket, hash, p, lifetime);
  }
  return p;
}

void SessionAuthenticator::AccessChanged(const core::Principal* caller) {
  if (cache_ == nullptr) return;
  if (caller != nullptr) {
    cache_->EvictUser(caller->user_id);
  } else {
    cache_->EvictAll();
  }
}

}  // namespace imedic::identity
