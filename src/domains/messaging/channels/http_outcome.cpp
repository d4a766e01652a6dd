#include "domains/messaging/channels/http_outcome.hpp"

namespace imedic::messaging {

bool IsRetryableStatus(long status) {
  // 401: our credentials (an expired token) are wrong, not the message;
  // mending the configuration must not find the messages dead.
  return status == 401 || status == 408 || status == 429 || status >= 500 || status < 200;
}

core::Error TransportFailure(const std::string& provider, const HttpTransportError& error) {
  return TransientFailure(provider + ": " + TransportErrorName(error.kind));
}

core::Error HttpStatusFailure(const std::string& provider, long status, long provider_code) {
  std::string reason = provider + " " + std::to_string(status);
  if (provider_code != 0) reason += " code " + std::to_string(provider_code);
  return IsRetryableStatus(status) ? TransientFailure(reason) : PermanentFailure(reason);
}

}  // namespace imedic::messaging
