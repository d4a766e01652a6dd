#include "domains/messaging/inbound_signature.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <optional>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/base64.hpp"
#include "core/hash.hpp"
#include "core/timestamped_signature.hpp"

namespace imedic::messaging {

namespace {

using Mac256 = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac256 HmacSha256(std::string_view key, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  Mac256 mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

core::Error Refused(const std::string& why) {
  return core::Error(core::ErrorCode::kUnauthenticated, "webhook signature refused: " + why);
}

// Parses exactly 64 hex digits into a MAC.
std::optional<Mac256> ParseHexMac(std::string_view hex) {
  Mac256 mac{};
  std::size_t len = 0;
  const char* end = nullptr;
  if (hex.size() != 2 * mac.size() ||
      sodium_hex2bin(mac.data(), mac.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0 ||
      len != mac.size()) {
    return std::nullopt;
  }
  return mac;
}

}  // namespace

bool SameSecret(std::string_view a, std::string_view b) {
  // Lengths are public (a MAC's is fixed); the bytes are compared in constant time.
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string WhatsAppSignature(std::string_view secret, std::string_view body) {
  const Mac256 mac = HmacSha256(secret, body);
  return core::ToHex(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

core::Result<void> VerifyWhatsAppSignature(std::string_view header, std::string_view body,
                                           std::string_view app_secret) {
  if (app_secret.empty()) return core::Fail(Refused("WhatsApp webhooks are not configured"));
  constexpr std::string_view kPrefix = "sha256=";
  if (header.substr(0, kPrefix.size()) != kPrefix) return core::Fail(Refused("malformed header"));
  auto given = ParseHexMac(header.substr(kPrefix.size()));
  if (!given) return core::Fail(Refused("malformed signature"));
  const Mac256 expected = HmacSha256(app_secret, body);
  if (sodium_memcmp(given->data(), expected.data(), expected.size()) != 0) {
    return core::Fail(Refused("signature mismatch"));
  }
  return {};
}

std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params) {
  std::sort(params.begin(), params.end());
  std::string data(url);
  for (const auto& [name, value] : params) {
    data += name;
    data += value;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &len);
  return core::Base64Encode(std::string_view(reinterpret_cast<const char*>(mac.data()), len));
}

core::Result<void> VerifyTwilioSignature(std::string_view header, std::string_view auth_token,
                                         std::string_view url,
                                         std::vector<std::pair<std::string, std::string>> params) {
  if (auth_token.empty()) return core::Fail(Refused("Twilio webhooks are not configured"));
  if (header.empty()) return core::Fail(Refused("no signature"));
  const std::string expected = TwilioSignature(auth_token, url, std::move(params));
  if (!SameSecret(header, expected)) return core::Fail(Refused("signature mismatch"));
  return {};
}

std::string TimestampedSignature(std::string_view secret, std::int64_t timestamp,
                                 std::string_view body) {
  return core::TimestampedSignature(secret, timestamp, body);
}

core::Result<void> VerifyTimestampedSignature(std::string_view header, std::string_view body,
                                              std::string_view secret, std::int64_t now_unix,
                                              std::chrono::seconds tolerance) {
  if (secret.empty()) return core::Fail(Refused("e-mail webhooks are not configured"));
  return core::VerifyTimestampedSignature(header, body, secret, now_unix, tolerance);
}

}  // namespace imedic::messaging
