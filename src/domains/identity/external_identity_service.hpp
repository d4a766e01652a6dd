// External identities: sign-in with a Google, Facebook or Apple ID token.
// A known subject signs in to its linked account; otherwise the provider's
// verified email links an account that verified the same address, or
// creates a patient account.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "domains/identity/identity_context.hpp"
#include "domains/identity/session_service.hpp"

namespace imedic::identity {

class ExternalIdentityService {
 public:
  ExternalIdentityService(IdentityContext& ctx, SessionService& sessions)
      : ctx_(ctx), sessions_(sessions) {}

  // 404 for a provider that is not configured; the ID token's signature,
  // issuer, audience and times are checked before anything else.
  core::Result<SessionGrant> LoginWithIdToken(const std::string& provider,
                                              const std::string& id_token,
                                              const std::optional<std::string>& first_name,
                                              const std::optional<std::string>& last_name,
                                              const SecondFactor& factor, const RequestMeta& meta);

 private:
  IdentityContext& ctx_;
  SessionService& sessions_;
};

}  // namespace imedic::identity
