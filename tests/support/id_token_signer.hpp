// A stand-in identity provider for tests: an RSA key, its JWKS document,
// and RS256-signed ID tokens with chosen claims.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace imedic::testing {

class IdTokenSigner {
 public:
  explicit IdTokenSigner(std::string kid);
  ~IdTokenSigner();
  IdTokenSigner(const IdTokenSigner&) = delete;
  IdTokenSigner& operator=(const IdTokenSigner&) = delete;

  // {"keys":[{kty, kid, use, alg, n, e}]}
  std::string Jwks() const;
  // header.payload.signature with {"alg":"RS256","kid":kid}.
  std::string Sign(const nlohmann::json& claims) const;

 private:
  struct Key;
  std::string kid_;
  std::unique_ptr<Key> key_;
};

}  // namespace imedic::testing
