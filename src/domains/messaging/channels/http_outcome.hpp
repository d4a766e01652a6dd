// How an adapter's failed HTTP exchange becomes an outbox outcome: no answer
// (timeout, refused connection), 401 (our credentials), 408, 429 and 5xx are
// transient and retried; any other status is the provider refusing this
// message: permanent.
#pragma once

#include <string>

#include "domains/messaging/channels/http_client.hpp"
#include "domains/messaging/outbox.hpp"

namespace imedic::messaging {

bool IsRetryableStatus(long status);

// "<provider>: timeout" and the like; transient.
core::Error TransportFailure(const std::string& provider, const HttpTransportError& error);

// "<provider> 400 code 21211" (the provider's error code when it gave one).
core::Error HttpStatusFailure(const std::string& provider, long status, long provider_code);

}  // namespace imedic::messaging
