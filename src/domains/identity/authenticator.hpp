// Bearer tokens → Principal. Session tokens ("imd_s_…") and API tokens
// ("imd_t_…") are looked up by their hash in one statement each, which also
// returns the roles, permissions and scope facts of the user.
#pragma once

#include "db/pool.hpp"
#include "http/authenticator.hpp"

namespace imedic::identity {

inline constexpr std::string_view kSessionTokenPrefix = "imd_s_";
inline constexpr std::string_view kApiTokenPrefix = "imd_t_";

class SessionAuthenticator : public http::Authenticator {
 public:
  explicit SessionAuthenticator(db::Pool& pool) : pool_(pool) {}
  core::Result<core::Principal> Authenticate(std::string_view bearer_token,
                                             const http::Request& request) override;

 private:
  db::Pool& pool_;
};

// Derives the row scopes from the roles (the union of what each grants) and
// the sales lead setting ('assigned' or 'all').
void ComputeScopes(core::Principal& principal, std::string_view sales_lead_scope);

}  // namespace imedic::identity
