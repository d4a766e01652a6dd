// The payment provider's signed events, in the widely used shape:
//
//   Imedic-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
//
// keyed with the shared webhook secret: core/timestamped_signature.hpp (the
// inbound e-mail relay signs the same way), refused outright while no secret
// is configured.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace imedic::care {

inline constexpr std::string_view kSignatureHeader = "imedic-signature";

// Hex HMAC-SHA256 of "<timestamp>.<body>" under `secret`.
std::string WebhookSignature(std::string_view secret, std::int64_t timestamp,
                             std::string_view body);

// kUnauthenticated unless `header` is well formed, its timestamp within
// `tolerance` of `now_unix` and one of its v1 signatures matches (compared
// in constant time).
core::Result<void> VerifyWebhookSignature(std::string_view header, std::string_view body,
                                          std::string_view secret, std::int64_t now_unix,
                                          std::chrono::seconds tolerance);

}  // namespace imedic::care
