// Verification of identity providers' signed ID tokens (OpenID Connect, RFC 7519 JWTs signed
// with RS256 per RFC 7515/7518) against their published keys (a JWKS, RFC 7517).
//
// Only RS256 is accepted, whatever the token's header says: that closes the "alg: none" and
// RS256→HS256 confusion attacks, and RS256 is what Google, Apple and Facebook sign with.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace imedic::core {

struct IdTokenClaims;
struct IdTokenExpectations;

// A provider's public RSA signing keys, by key id (`kid`). Immutable once built, cheap to copy
// (keys are shared), safe to use from many threads.
class JwkSet {
 public:
  JwkSet() = default;  // empty: verifies nothing

  // Parses {"keys": [ ... ]}. Keys that are not for RS256 signatures (kty other than RSA, use
  // other than "sig", alg other than "RS256", or no kid) are skipped, so a provider's full JWKS
  // can be used as published. Fails with kInvalidInput when the document is not such a JSON
  // object, when an RSA signing key is malformed or outside 2048..8192 bits, or when a kid
  // repeats.
  static Result<JwkSet> FromJson(std::string_view jwks_json);

  // FromJson() of a file's content; kInvalidInput naming the path when it cannot be read.
  static Result<JwkSet> FromFile(const std::string& path);

  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }

  struct RsaKey;  // an OpenSSL public key; opaque outside jwt.cpp

 private:
  friend Result<IdTokenClaims> VerifyIdToken(std::string_view token, const JwkSet& keys,
                                             const IdTokenExpectations& expect);

  std::map<std::string, std::shared_ptr<const RsaKey>, std::less<>> keys_;
};

// What a verified token says. `audience` is the expected audience it matched.
struct IdTokenClaims {
  std::string issuer, subject, audience, email;
  bool email_verified = false;
  std::int64_t expires_at = 0, issued_at = 0;
  std::string nonce;  // empty when absent; the caller compares it with the one it sent
};

struct IdTokenExpectations {
  std::vector<std::string> issuers;  // accepted `iss` values, compared exactly
  std::string audience;              // our client id at the provider
  std::int64_t now = 0;              // Unix seconds
  std::int64_t leeway_seconds = 60;  // tolerated clock skew
};

// Verifies `token` (compact JWS "header.payload.signature") and returns its claims.
// Every failure is kUnauthenticated with the public message "invalid identity token"; the
// internal_detail names the failed check (never the token). Checks, in order: three
// base64url segments; header is a JSON object with alg "RS256", a kid and no "crit"; the kid is
// in `keys`; the RS256 signature over "header.payload" verifies; payload is a JSON object;
// `iss` is one of `expect.issuers`; `aud` (string or array) contains `expect.audience` (and
// `azp`, if present with several audiences, equals it); `exp` is present and not more than
// the leeway in the past; `iat` is present and `iat`/`nbf` are not more than the leeway in
// the future; `sub` is a non-empty string. `email_verified` may be a bool or "true"/"false".
// The nonce is returned, not checked. An expectation without audience or issuers is a
// configuration bug and fails with kInternal.
Result<IdTokenClaims> VerifyIdToken(std::string_view token, const JwkSet& keys,
                                    const IdTokenExpectations& expect);

}  // namespace imedic::core
