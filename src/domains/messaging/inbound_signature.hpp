// The signatures of the providers' inbound webhooks, each checked over the
// raw body before anything in it is parsed:
//
//   WhatsApp Cloud API  X-Hub-Signature-256: sha256=<hex HMAC-SHA256(body, app secret)>
//   Twilio              X-Twilio-Signature: base64(HMAC-SHA1(auth token,
//                         public URL + every POST parameter's name and value,
//                         sorted by name))
//   inbound e-mail      Imedic-Signature: t=<unix>,v1=<hex HMAC-SHA256("<t>.<body>")>
//                         (the payments webhook's shape, with its own secret
//                         and a timestamp tolerance against replays)
//
// Every comparison is constant-time; a missing secret refuses everything.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace imedic::messaging {

inline constexpr std::string_view kWhatsAppSignatureHeader = "x-hub-signature-256";
inline constexpr std::string_view kTwilioSignatureHeader = "x-twilio-signature";
inline constexpr std::string_view kEmailSignatureHeader = "imedic-signature";

// Equal bytes, compared in constant time for equal lengths (the WhatsApp
// handshake's verify token).
bool SameSecret(std::string_view a, std::string_view b);

// Hex HMAC-SHA256 of `body` under `secret` (what follows "sha256=").
std::string WhatsAppSignature(std::string_view secret, std::string_view body);

// kUnauthenticated unless `header` is "sha256=<64 hex digits>" matching the body.
core::Result<void> VerifyWhatsAppSignature(std::string_view header, std::string_view body,
                                           std::string_view app_secret);

// base64 HMAC-SHA1 of `url` followed by each parameter's name and value,
// sorted by name (then value), under `auth_token`.
std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params);

// kUnauthenticated unless `header` equals TwilioSignature(...).
core::Result<void> VerifyTwilioSignature(std::string_view header, std::string_view auth_token,
                                         std::string_view url,
                                         std::vector<std::pair<std::string, std::string>> params);

// The e-mail relay's t=,v1= signature: core/timestamped_signature.hpp, refused
// outright while no secret is configured.
std::string TimestampedSignature(std::string_view secret, std::int64_t timestamp,
                                 std::string_view body);

// kUnauthenticated unless `header` holds t= within `tolerance` of `now_unix`
// and a v1= matching TimestampedSignature (several v1 allowed: secret roll).
core::Result<void> VerifyTimestampedSignature(std::string_view header, std::string_view body,
                                              std::string_view secret, std::int64_t now_unix,
                                              std::chrono::seconds tolerance);

}  // namespace imedic::messaging
