// The signed form token of the public lead form: GET /leads/capture/token
// hands one out, POST /leads/capture wants it back. It carries when it was
// issued, signed with a key derived from the master key, so any node can
// check it without storing anything: a token not issued by us is refused,
// and a form sent sooner than a person could fill it is dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/keyring.hpp"

namespace imedic::marketing {

inline constexpr std::int64_t kMinFillSeconds = 3;
inline constexpr std::int64_t kTokenMaxAgeSeconds = 2 * 60 * 60;

// "v1.<key id>.<issued unix seconds>.<nonce>.<HMAC-SHA256 hex>".
std::string IssueFormToken(const core::Keyring& keys, std::int64_t now_unix);

enum class FormTokenCheck {
  kValid,
  kTooFast,  // genuine, but younger than kMinFillSeconds
  kExpired,  // genuine, but older than kTokenMaxAgeSeconds (or from the future)
  kForged,   // malformed, unknown key or wrong signature
};
FormTokenCheck CheckFormToken(const core::Keyring& keys, std::string_view token,
                              std::int64_t now_unix);

}  // namespace imedic::marketing
