#include "domains/marketing/capture_token.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <vector>

#include "core/hex.hpp"
#include "core/random.hpp"

namespace imedic::marketing {

namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac Hmac(const unsigned char* key, std::size_t key_size, std::string_view data) {
  Mac mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key, key_size);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

// The signature of a token's signed part under one master key: a key of its
// own is derived first, so the master key signs nothing directly.
std::string Sign(const core::MasterKey& master, std::string_view signed_part) {
  Mac key = Hmac(master.key.data(), master.key.size(), "imedic lead form token v1");
  const Mac mac = Hmac(key.data(), key.size(), signed_part);
  sodium_memzero(key.data(), key.size());
  return core::ToHex(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  for (auto dot = s.find('.'); dot != std::string_view::npos; dot = s.find('.')) {
    parts.push_back(s.substr(0, dot));
    s.remove_prefix(dot + 1);
  }
  parts.push_back(s);
  return parts;
}

}  // namespace

std::string IssueFormToken(const core::Keyring& keys, std::int64_t now_unix) {
  const core::MasterKey& key = keys.active();
  const std::string signed_part = "v1." + key.id + "." + std::to_string(now_unix) + "." +
                                  core::RandomHex(12);
  return signed_part + "." + Sign(key, signed_part);
}

FormTokenCheck CheckFormToken(const core::Keyring& keys, std::string_view token,
                              std::int64_t now_unix) {
  if (token.size() > 200) return FormTokenCheck::kForged;
  const auto parts = SplitDots(token);
  if (parts.size() != 5 || parts[0] != "v1") return FormTokenCheck::kForged;
  const core::MasterKey* key = keys.Find(parts[1]);
  if (key == nullptr) return FormTokenCheck::kForged;
  std::int64_t issued = 0;
  const std::string_view at = parts[2];
  auto [end, ec] = std::from_chars(at.data(), at.data() + at.size(), issued);
  if (ec != std::errc() || end != at.data() + at.size()) return FormTokenCheck::kForged;
  const std::string expected = Sign(
      *key, token.substr(0, static_cast<std::size_t>(parts[4].data() - token.data()) - 1));
  if (parts[4].size() != expected.size() ||
      sodium_memcmp(parts[4].data(), expected.data(), expected.size()) != 0) {
    return FormTokenCheck::kForged;
  }
  const std::int64_t age = now_unix - issued;
  if (age < 0 || age > kTokenMaxAgeSeconds) return FormTokenCheck::kExpired;
  if (age < kMinFillSeconds) return FormTokenCheck::kTooFast;
  return FormTokenCheck::kValid;
}

}  // namespace imedic::marketing
