#include "core/timestamped_signature.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <optional>
#include <vector>

#include "core/hex.hpp"

namespace imedic::core {

namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac Hmac(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  const std::string prefix = std::to_string(timestamp) + ".";
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()),
                                prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  Mac mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

Error Refused(const std::string& why) {
  return Error(ErrorCode::kUnauthenticated, "webhook signature refused: " + why);
}

}  // namespace

std::string TimestampedSignature(std::string_view secret, std::int64_t timestamp,
                                 std::string_view body) {
  const Mac mac = Hmac(secret, timestamp, body);
  return ToHex(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

Result<void> VerifyTimestampedSignature(std::string_view header, std::string_view body,
                                        std::string_view secret, std::int64_t now_unix,
                                        std::chrono::seconds tolerance) {
  std::optional<std::int64_t> timestamp;
  std::vector<Mac> candidates;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return Fail(Refused("malformed header"));
    const std::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
    if (name == "t") {
      std::int64_t t = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
      // Far outside any clock (or negative): malformed, and no overflow below.
      if (timestamp || ec != std::errc() || end != value.data() + value.size() || t < 0 ||
          t > 100000000000) {
        return Fail(Refused("malformed timestamp"));
      }
      timestamp = t;
    } else if (name == "v1") {
      Mac mac{};
      std::size_t len = 0;
      const char* hex_end = nullptr;
      if (value.size() != 2 * mac.size() ||
          sodium_hex2bin(mac.data(), mac.size(), value.data(), value.size(), nullptr, &len,
                         &hex_end) != 0 ||
          len != mac.size()) {
        return Fail(Refused("malformed v1 signature"));
      }
      candidates.push_back(mac);
    }
    // Other schemes (v0, future versions) are ignored, as the shape intends.
  }
  if (!timestamp) return Fail(Refused("no timestamp"));
  if (candidates.empty()) return Fail(Refused("no v1 signature"));
  const std::int64_t skew = now_unix > *timestamp ? now_unix - *timestamp : *timestamp - now_unix;
  if (skew > tolerance.count()) return Fail(Refused("timestamp outside the tolerance"));
  const Mac expected = Hmac(secret, *timestamp, body);
  bool match = false;
  for (const Mac& c : candidates) {
    // No early exit: every candidate is compared, each in constant time.
    match = (sodium_memcmp(c.data(), expected.data(), expected.size()) == 0) || match;
  }
  if (!match) return Fail(Refused("signature mismatch"));
  return {};
}

}  // namespace imedic::core
