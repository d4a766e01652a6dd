// Who is calling: the authenticated user, their roles, the permissions those
// roles grant, and the facts row scopes are computed from. Built once per
// request by the authenticator; read-only afterwards.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imedic::core {

// How far a principal's view of patient data reaches, broadest wins.
enum class PatientScope {
  kNone,      // no patient rows at all (sales, marketing)
  kOwn,       // the patient's own profile
  kAssigned,  // patients assigned to this clinician/coordinator (+ break-glass grants)
  kProvider,  // patients with a consultation or booking at one of the user's providers
  kAll,       // every patient (admin)
};

// How far a principal's view of leads reaches.
enum class LeadScope { kNone, kAssigned, kAll };

struct Principal {
  std::string user_id;
  std::string user_type;  // patient | provider | admin | staff
  std::vector<std::string> roles;
  std::vector<std::string> permissions;  // "resource.action"
  std::optional<std::string> patient_profile_id;
  std::vector<std::string> provider_ids;
  std::string session_id;   // the session or API token id
  bool via_api_token = false;
  bool mfa_satisfied = true;  // false while a required second factor is missing
  PatientScope patient_scope = PatientScope::kNone;
  LeadScope lead_scope = LeadScope::kNone;

  bool Has(std::string_view permission) const {
    return std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
  }
  bool HasRole(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  // The role recorded as the actor's in the audit trail.
  std::string AuditRole() const { return roles.empty() ? user_type : roles.front(); }
};

// Text forms used as SQL parameters by row-scope predicates.
inline const char* ScopeName(PatientScope s) {
  switch (s) {
    case PatientScope::kOwn: return "own";
    case PatientScope::kAssigned: return "assigned";
    case PatientScope::kProvider: return "provider";
    case PatientScope::kAll: return "all";
    case PatientScope::kNone: break;
  }
  return "none";
}
inline const char* ScopeName(LeadScope s) {
  switch (s) {
    case LeadScope::kAssigned: return "assigned";
    case LeadScope::kAll: return "all";
    case LeadScope::kNone: break;
  }
  return "none";
}

}  // namespace imedic::core
