#include "core/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

#include "core/random.hpp"
#include "core/utf8.hpp"

namespace imedic::core {

namespace {

constexpr std::size_t kMinCodePoints = 10;
constexpr std::size_t kMaxBytes = 256;

// The most common passwords that the length rule alone would let through (10 characters or
// more), from public breach-corpus frequency lists. Lower-case; compared ignoring ASCII case.
constexpr std::array<std::string_view, 56> kCommonPasswords = {
    "0123456789",    "0987654321",       "1122334455",   "1212121212",   "1231231231",
    "123123123123",  "1234512345",       "1234567890",   "12345678910",  "1234567891",
    "123456789a",    "123456789q",       "asdfghjkl123", "1234qwerasdf", "1q2w3e4r5t",
    "1q2w3e4r5t6y",  "1qaz2wsx3edc",     "a123456789",   "abc1234567",   "abcd123456",
    "abcdef123456",  "abcdefghij",       "admin12345",   "admin123456",  "administrator",
    "baseball123",   "changeme123",      "dragon1234",   "football123",  "iloveyou12",
    "iloveyou123",   "letmein123",       "master12345",  "monkey1234",   "p@ssw0rd123",
    "passw0rd123",   "iloveyou1234",     "password12",   "password123",  "password1234",
    "password12345", "passwordpassword", "princess123",  "q1w2e3r4t5",   "qazwsxedc123",
    "qwerty1234",    "qwerty12345",      "qwerty123456", "qwertyuiop",   "qwertyuiop123",
    "starwars123",   "sunshine123",      "superman123",  "welcome123",   "welcome1234",
    "zxcvbnm123",
};

// Shorter entries would be dead weight (the length rule refuses them first), and upper case
// could never match the lower-cased input.
constexpr bool CommonListIsUsable() {
  for (std::string_view p : kCommonPasswords) {
    if (p.size() < kMinCodePoints) return false;
    for (char c : p) {
      if (c >= 'A' && c <= 'Z') return false;
    }
  }
  return true;
}
static_assert(CommonListIsUsable());

// Code points in `s`, or nullopt when it is not well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF). Sets `all_same` when every code point is the same.
std::optional<std::size_t> CountCodePoints(std::string_view s, bool* all_same) {
  std::size_t count = 0;
  char32_t first = 0, cp = 0;
  *all_same = true;
  for (std::size_t i = 0; i < s.size();) {
    if (!NextCodePoint(s, i, cp)) return std::nullopt;
    if (count == 0) first = cp;
    if (cp != first) *all_same = false;
    ++count;
  }
  return count;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

PasswordPolicy DefaultPasswordPolicy() { return {2, std::size_t{64} << 20}; }

Result<std::string> HashPassword(std::string_view password, const PasswordPolicy& policy) {
  if (policy.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      policy.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN) {
    return Fail(Error::Internal("password policy below argon2id minimums"));
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), policy.opslimit,
                            policy.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Error::Internal("argon2id hashing failed (out of memory?)"));
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  // libsodium wants a NUL-terminated string that fits in crypto_pwhash_STRBYTES.
  if (stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return false;
  }
  std::array<char, crypto_pwhash_STRBYTES> str{};
  std::copy(stored_hash.begin(), stored_hash.end(), str.begin());
  return crypto_pwhash_str_verify(str.data(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored_hash, const PasswordPolicy& policy) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return true;
  }
  std::array<char, crypto_pwhash_STRBYTES> str{};
  std::copy(stored_hash.begin(), stored_hash.end(), str.begin());
  // The argon2id-specific check answers -1 for argon2i or malformed hashes: rehash those too.
  return crypto_pwhash_argon2id_str_needs_rehash(str.data(), policy.opslimit, policy.memlimit) != 0;
}

std::optional<std::string> PasswordProblem(std::string_view password) {
  if (password.size() > kMaxBytes) {
    return "the password is too long: at most " + std::to_string(kMaxBytes) + " bytes";
  }
  bool all_same = false;
  auto code_points = CountCodePoints(password, &all_same);
  if (!code_points) return "the password is not valid UTF-8 text";
  if (*code_points < kMinCodePoints) {
    return "the password is too short: at least " + std::to_string(kMinCodePoints) + " characters";
  }
  if (all_same) return "the password must not be a single character repeated";
  const std::string lower = AsciiLower(password);
  if (std::find(kCommonPasswords.begin(), kCommonPasswords.end(), lower) !=
      kCommonPasswords.end()) {
    return "the password is one of the most commonly used passwords; choose another";
  }
  return std::nullopt;
}

const std::string& DummyPasswordHash() {
  static const std::string kHash = [] {
    InitCrypto();
    auto h = HashPassword(RandomHex(32), DefaultPasswordPolicy());
    if (!h) throw std::runtime_error("cannot compute the dummy password hash");
    return *std::move(h);
  }();
  return kHash;
}

}  // namespace imedic::core
