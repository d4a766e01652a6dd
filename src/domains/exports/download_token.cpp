#include "domains/exports/download_token.hpp"

#include <sodium.h>

#include <array>

#include "core/hex.hpp"

namespace imedic::exports {

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

// A key of its own is derived first, so the master key signs nothing directly.
std::string Sign(const core::MasterKey& master, std::string_view id, std::int64_t expires_unix) {
  Mac key = Hmac(master.key.data(), master.key.size(), "imedic data export link v1");
  const std::string data = std::string(id) + ":" + std::to_string(expires_unix);
  const Mac mac = Hmac(key.data(), key.size(), data);
  sodium_memzero(key.data(), key.size());
  return core::ToHex(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

}  // namespace

std::string IssueDownloadToken(const core::Keyring& keys, std::string_view id,
                               std::int64_t expires_unix) {
  const core::MasterKey& key = keys.active();
  return key.id + "." + Sign(key, id, expires_unix);
}

bool CheckDownloadToken(const core::Keyring& keys, std::string_view token, std::string_view id,
                        std::int64_t expires_unix) {
  if (token.size() > 200) return false;
  const auto dot = token.rfind('.');
  if (dot == std::string_view::npos) return false;
  const core::MasterKey* key = keys.Find(std::string(token.substr(0, dot)));
  if (key == nullptr) return false;
  const std::string expected = Sign(*key, id, expires_unix);
  const std::string_view given = token.substr(dot + 1);
  return given.size() == expected.size() &&
         sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

}  // namespace imedic::exports
