// Turns a request's credentials into a Principal. Implemented by the
// identity domain; the dispatcher only knows this interface.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "http/message.hpp"

namespace imedic::http {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // `bearer_token` is the value after "Bearer ". Fails with kUnauthenticated
  // for unknown, expired or revoked credentials, kUnavailable when the
  // database is away.
  virtual core::Result<core::Principal> Authenticate(std::string_view bearer_token,
                                                     const Request& request) = 0;
  // A request that succeeded changed what tokens stand for (Route::access_change):
  // those of `caller`'s user, or anyone's when null. Authenticators that
  // remember principals forget the affected ones.
  virtual void AccessChanged(const core::Principal* caller) { (void)caller; }
};

// Response-wide settings of the HTTP layer that come from configuration.
struct HttpPolicy {
  std::vector<std::string> cors_origins;  // exact origins allowed to call from a browser
  bool require_https = false;             // refuse requests not forwarded as https
  // Behind a reverse proxy: the client address is the last X-Forwarded-For
  // entry (the one the proxy appended), not the proxy's own address.
  bool trust_forwarded_for = false;
};

}  // namespace imedic::http
