// Bearer tokens → Principal. Session tokens ("imd_s_…") and API tokens
// ("imd_t_…") are looked up by their hash in one statement each, which also
// returns the roles, permissions and scope facts of the user. With a
// SessionCache, a token seen before is answered from memory (see
// session_cache.hpp for why that stays correct under revocation).
#pragma once

#include "db/pool.hpp"
#include "domains/identity/session_cache.hpp"
#include "http/authenticator.hpp"

namespace imedic::identity {

inline constexpr std::string_view kSessionTokenPrefix = "imd_s_";
inline constexpr std::string_view kApiTokenPrefix = "imd_t_";

class SessionAuthenticator : public http::Authenticator {
 public:
  // `cache` may be null: every request then asks the database.
  explicit SessionAuthenticator(db::Pool& pool, SessionCache* cache = nullptr)
      : pool_(pool), cache_(cache) {}
  core::Result<core::Principal> Authenticate(std::string_view bearer_token,
                                             const http::Request& request) override;
  // This node changed what a token stands for: forget it now rather than
  // when the trigger's notification comes back (read-your-writes here).
  void AccessChanged(const core::Principal* caller) override;

 private:
  core::Result<core::Principal> Load(const std::string& hash, bool is_session);

  db::Pool& pool_;
  SessionCache* cache_;
};

// Derives the row scopes from the roles (the union of what each grants) and
// the sales lead setting ('assigned' or 'all').
void ComputeScopes(core::Principal& principal, std::string_view sales_lead_scope);

}  // namespace imedic::identity
