// The timestamped HMAC signature of signed webhooks (the payment provider's
// events, the inbound e-mail relay), in the widely used shape:
//
//   <header>: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
//
// Several v1= entries may be given (while the sender rolls its secret); one
// matching is enough; other schemes (v0, later versions) are ignored. The
// timestamp must lie within the tolerance of our clock, so a captured request
// cannot be replayed later. Callers refuse an empty (unconfigured) secret
// themselves, naming their webhook.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace imedic::core {

// Hex HMAC-SHA256 of "<timestamp>.<body>" under `secret`.
std::string TimestampedSignature(std::string_view secret, std::int64_t timestamp,
                                 std::string_view body);

// kUnauthenticated unless `header` is well formed, its timestamp within
// `tolerance` of `now_unix` and one of its v1 signatures matches (each
// compared in constant time).
Result<void> VerifyTimestampedSignature(std::string_view header, std::string_view body,
                                        std::string_view secret, std::int64_t now_unix,
                                        std::chrono::seconds tolerance);

}  // namespace imedic::core
