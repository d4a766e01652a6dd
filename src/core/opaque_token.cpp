#include "core/opaque_token.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "core/base64.hpp"
#include "core/hash.hpp"

namespace imedic::core {

namespace {

constexpr std::size_t kTokenBytes = 32;
// Crockford's base32 alphabet: no i, l, o (confusable with 1 and 0) and no u.
constexpr char kRecoveryAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
static_assert(sizeof kRecoveryAlphabet - 1 == 32);
constexpr int kRecoveryGroups = 3;
constexpr int kRecoveryGroupLength = 4;

}  // namespace

std::string NewOpaqueToken(std::string_view prefix) {
  std::array<unsigned char, kTokenBytes> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string token(prefix);
  token += Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
  sodium_memzero(raw.data(), raw.size());
  return token;
}

std::string TokenHash(std::string_view token) {
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::vector<std::string> NewRecoveryCodes(int count) {
  std::vector<std::string> codes;
  if (count <= 0) return codes;
  codes.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    std::string code;
    for (int g = 0; g < kRecoveryGroups; ++g) {
      if (g > 0) code.push_back('-');
      for (int c = 0; c < kRecoveryGroupLength; ++c) {
        code.push_back(kRecoveryAlphabet[randombytes_uniform(32)]);
      }
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string NormalizeRecoveryCode(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  for (char c : input) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == 'o') c = '0';
    if (c == 'i' || c == 'l') c = '1';
    out.push_back(c);
  }
  return out;
}

std::string NewNumericCode(int digits) {
  if (digits < 1 || digits > 64) throw std::invalid_argument("NewNumericCode: digits not 1..64");
  std::string code(static_cast<std::size_t>(digits), '0');
  // One uniform draw per digit: no modulo bias, any length.
  for (char& c : code) c = static_cast<char>('0' + randombytes_uniform(10));
  return code;
}

}  // namespace imedic::core
