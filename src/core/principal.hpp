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

// The ways a principal's view of patient data reaches a patient. A user
// holding several roles holds the union (a clinic doctor who is also
// assigned to patients sees both sets).
enum class PatientScope {
  kOwn = 1,       // the patient's own profile
  kAssigned = 2,  // patients assigned to this clinician/coordinator (+ break-glass grants)
  kProvider = 4,  // patients with a consultation or booking at one of the user's providers
  kAll = 8,       // every patient (admin)
};

class PatientScopes {
 public:
  void Add(PatientScope s) { bits_ |= static_cast<unsigned>(s); }
  bool Has(PatientScope s) const { return (bits_ & static_cast<unsigned>(s)) != 0; }
  bool Empty() const { return bits_ == 0; }
  // The SQL parameter of patient_visible(): a comma-separated set such as
  // "provider,assigned", or "none".
  std::string ToSql() const {
    std::string out;
    auto add = [&](PatientScope s, const char* name) {
      if (!Has(s)) return;
      if (!out.empty()) out.push_back(',');
      out += name;
    };
    add(PatientScope::kAll, "all");
    add(PatientScope::kOwn, "own");
    add(PatientScope::kProvider, "provider");
    add(PatientScope::kAssigned, "assigned");
    return out.empty() ? "none" : out;
  }

 private:
  unsigned bits_ = 0;
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
  std::string session_id;  // the session or API token id
  bool via_api_token = false;
  bool mfa_satisfied = true;  // false while a required second factor is missing
  PatientScopes patient_scopes;
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

// Text form used as the SQL parameter of lead_visible().
inline const char* ScopeName(LeadScope s) {
  switch (s) {
    case LeadScope::kAssigned: return "assigned";
    case LeadScope::kAll: return "all";
    case LeadScope::kNone: break;
  }
  return "none";
}

}  // namespace imedic::core
