#include "core/totp.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/base32.hpp"
#include "core/percent_encoding.hpp"

namespace imedic::core {

namespace {

constexpr std::size_t kSecretBytes = 20;
constexpr int kDigits = 6;
constexpr int kStep = 30;

// floor(a / b) for b > 0, also for times before 1970.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b) != 0 && a < 0) --q;
  return q;
}

// RFC 4226 §5.3: HMAC-SHA1 over the big-endian counter, dynamic truncation to 31 bits.
std::uint32_t Hotp(std::string_view secret, std::uint64_t counter) {
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), message.data(),
           message.size(), mac.data(), &mac_len) == nullptr ||
      mac_len != 20) {
    throw std::runtime_error("HMAC-SHA1 failed");
  }
  const unsigned offset = mac[19] & 0x0F;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  sodium_memzero(mac.data(), mac.size());
  return binary;
}

std::string HotpCode(std::string_view secret, std::int64_t step_number, int digits) {
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::uint32_t value = Hotp(secret, static_cast<std::uint64_t>(step_number)) % modulus;
  std::string code(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    code[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

}  // namespace

std::string NewTotpSecret() {
  std::string secret(kSecretBytes, '\0');
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

std::string TotpCode(std::string_view secret, std::int64_t unix_time, int digits, int step) {
  if (digits < 6 || digits > 9) throw std::invalid_argument("TotpCode: digits not 6..9");
  if (step <= 0) throw std::invalid_argument("TotpCode: step must be positive");
  return HotpCode(secret, FloorDiv(unix_time, step), digits);
}

std::optional<std::int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                       std::int64_t unix_time,
                                       std::optional<std::int64_t> min_step_exclusive) {
  if (code.size() != static_cast<std::size_t>(kDigits)) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const std::int64_t now_step = FloorDiv(unix_time, kStep);
  std::optional<std::int64_t> matched;
  // Every candidate is computed and compared, so timing reveals neither the code nor which
  // step matched. The latest matching step wins, which blocks the most future replays.
  for (std::int64_t step = now_step - 1; step <= now_step + 1; ++step) {
    const std::string expected = HotpCode(secret, step, kDigits);
    const bool equal = sodium_memcmp(expected.data(), code.data(), code.size()) == 0;
    const bool fresh = !min_step_exclusive || step > *min_step_exclusive;
    if (equal && fresh) matched = step;
  }
  return matched;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  const std::string enc_issuer = PercentEncode(issuer);
  return "otpauth://totp/" + enc_issuer + ":" + PercentEncode(account) +
         "?secret=" + Base32Encode(secret) + "&issuer=" + enc_issuer +
         "&algorithm=SHA1&digits=" + std::to_string(kDigits) + "&period=" + std::to_string(kStep);
}

std::string TotpSealContext(std::string_view user_id) {
  return "user_credentials.totp:" + std::string(user_id);
}

}  // namespace imedic::core
