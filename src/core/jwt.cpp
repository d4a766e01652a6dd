#include "core/jwt.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "core/base64.hpp"

namespace imedic::core {

struct JwkSet::RsaKey {
  explicit RsaKey(EVP_PKEY* k) : pkey(k) {}
  ~RsaKey() { EVP_PKEY_free(pkey); }
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;

  EVP_PKEY* pkey;
};

namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxTokenBytes = std::size_t{64} * 1024;
constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 8192;

Error JwksError(std::string message) {
  Error e(ErrorCode::kInvalidInput, message);
  e.internal_detail = std::move(message);
  return e;
}

// The single answer for every rejected token; `detail` says which check failed.
tl::unexpected<Error> Reject(std::string detail) {
  return Fail(Error(ErrorCode::kUnauthenticated, "invalid identity token", {},
                    "id token rejected: " + std::move(detail)));
}

// Builds an RSA public key from the JWK's base64url big-endian modulus and exponent.
Result<std::shared_ptr<const JwkSet::RsaKey>> RsaFromJwk(const std::string& kid,
                                                         const std::string& n_b64,
                                                         const std::string& e_b64) {
  const auto n_bytes = Base64UrlDecode(n_b64);
  const auto e_bytes = Base64UrlDecode(e_b64);
  if (!n_bytes || !e_bytes || n_bytes->empty() || e_bytes->empty() || e_bytes->size() > 8) {
    return Fail(JwksError("JWKS key " + kid + ": n and e must be base64url big-endian integers"));
  }
  const auto bn = [](const std::string& b) {
    return std::unique_ptr<BIGNUM, decltype(&BN_free)>(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(b.data()), static_cast<int>(b.size()),
                  nullptr),
        &BN_free);
  };
  auto n = bn(*n_bytes);
  auto e = bn(*e_bytes);
  if (!n || !e) return Fail(JwksError("JWKS key " + kid + ": out of memory"));
  const int bits = BN_num_bits(n.get());
  if (bits < kMinRsaBits || bits > kMaxRsaBits) {
    return Fail(JwksError("JWKS key " + kid + ": RSA modulus of " + std::to_string(bits) +
                          " bits, expected 2048 to 8192"));
  }
  if (!BN_is_odd(e.get()) || BN_num_bits(e.get()) < 2) {
    return Fail(JwksError("JWKS key " + kid + ": invalid RSA exponent"));
  }

  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(OSSL_PARAM_BLD_new(),
                                                                          &OSSL_PARAM_BLD_free);
  if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return Fail(JwksError("JWKS key " + kid + ": cannot build RSA parameters"));
  }
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
      OSSL_PARAM_BLD_to_param(builder.get()), &OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1 ||
      pkey == nullptr) {
    return Fail(JwksError("JWKS key " + kid + ": OpenSSL rejected the RSA key"));
  }
  return std::make_shared<const JwkSet::RsaKey>(pkey);
}

bool VerifyRs256(const JwkSet::RsaKey& key, std::string_view signing_input,
                 std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  // EVP_DigestVerifyInit defaults RSA keys to PKCS#1 v1.5 padding, which RS256 is.
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.pkey) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

// A JWT segment: base64url without padding (RFC 7515 §2), decoded.
std::optional<std::string> DecodeSegment(std::string_view segment) {
  if (segment.empty() || segment.find('=') != std::string_view::npos) return std::nullopt;
  return Base64UrlDecode(segment);
}

// A NumericDate (RFC 7519 §2): JSON number of seconds, possibly fractional; nullopt if absent
// or not a number. Fractions are dropped toward the past, huge values clamped.
std::optional<std::int64_t> NumericDate(const Json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  constexpr std::int64_t kLimit = std::int64_t{1} << 52;
  if (it->is_number_unsigned()) {
    return static_cast<std::int64_t>(std::min<std::uint64_t>(it->get<std::uint64_t>(), kLimit));
  }
  if (it->is_number_integer()) return std::clamp(it->get<std::int64_t>(), -kLimit, kLimit);
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return static_cast<std::int64_t>(
        std::floor(std::clamp(d, -static_cast<double>(kLimit), static_cast<double>(kLimit))));
  }
  return std::nullopt;
}

// Reads an optional string claim; false when present with another type.
bool OptionalString(const Json& claims, const char* name, std::string* out) {
  auto it = claims.find(name);
  if (it == claims.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

}  // namespace

Result<JwkSet> JwkSet::FromJson(std::string_view jwks_json) {
  const Json doc = Json::parse(jwks_json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Fail(JwksError("JWKS is not a JSON object"));
  auto keys = doc.find("keys");
  if (keys == doc.end() || !keys->is_array()) {
    return Fail(JwksError("JWKS has no \"keys\" array"));
  }
  JwkSet set;
  for (const Json& jwk : *keys) {
    if (!jwk.is_object()) return Fail(JwksError("JWKS \"keys\" holds a non-object"));
    const auto str = [&](const char* name) -> std::optional<std::string> {
      auto it = jwk.find(name);
      if (it == jwk.end() || !it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    const auto kty = str("kty");
    const auto use = str("use");
    const auto alg = str("alg");
    const auto kid = str("kid");
    if (kty != "RSA") continue;
    if (jwk.contains("use") && use != "sig") continue;
    if (jwk.contains("alg") && alg != "RS256") continue;
    if (!kid || kid->empty()) continue;
    const auto n = str("n");
    const auto e = str("e");
    if (!n || !e) return Fail(JwksError("JWKS key " + *kid + ": missing n or e"));
    if (set.keys_.count(*kid) != 0) return Fail(JwksError("JWKS key id repeats: " + *kid));
    auto key = RsaFromJwk(*kid, *n, *e);
    if (!key) return Fail(key.error());
    set.keys_.emplace(*kid, std::move(*key));
  }
  return set;
}

Result<JwkSet> JwkSet::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || in.bad()) return Fail(JwksError("cannot read JWKS file " + path));
  auto set = FromJson(content.str());
  if (!set) {
    Error e = set.error();
    e.public_message = path + ": " + e.public_message;
    e.internal_detail = e.public_message;
    return Fail(std::move(e));
  }
  return set;
}

Result<IdTokenClaims> VerifyIdToken(std::string_view token, const JwkSet& keys,
                                    const IdTokenExpectations& expect) {
  if (expect.audience.empty() || expect.issuers.empty()) {
    return Fail(Error::Internal("IdTokenExpectations lacks an audience or issuers"));
  }
  if (token.size() > kMaxTokenBytes) return Reject("token too long");

  // Structure: exactly three non-empty base64url segments.
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Reject("not three segments");
  }
  const std::string_view header_b64 = token.substr(0, dot1);
  const std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_b64 = token.substr(dot2 + 1);
  const auto header_json = DecodeSegment(header_b64);
  const auto signature = DecodeSegment(signature_b64);
  if (!header_json || !signature || payload_b64.empty()) return Reject("bad base64url");

  // Header: the algorithm is pinned to RS256 before any key is touched.
  const Json header = Json::parse(*header_json, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return Reject("header is not a JSON object");
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string() || alg->get<std::string>() != "RS256") {
    return Reject("alg is not RS256");
  }
  if (header.contains("crit")) return Reject("unsupported crit header");
  auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string()) return Reject("no kid");
  auto key = keys.keys_.find(kid->get<std::string>());
  if (key == keys.keys_.end()) return Reject("unknown kid");

  // Signature over the exact bytes received, before the payload is parsed.
  if (!VerifyRs256(*key->second, token.substr(0, dot2), *signature)) {
    return Reject("bad signature");
  }

  const auto payload_json = DecodeSegment(payload_b64);
  if (!payload_json) return Reject("bad base64url");
  const Json claims = Json::parse(*payload_json, nullptr, false);
  if (claims.is_discarded() || !claims.is_object()) return Reject("payload is not a JSON object");

  IdTokenClaims out;
  if (!OptionalString(claims, "iss", &out.issuer) ||
      std::find(expect.issuers.begin(), expect.issuers.end(), out.issuer) == expect.issuers.end()) {
    return Reject("issuer not accepted");
  }

  auto aud = claims.find("aud");
  bool aud_ok = false;
  std::size_t aud_count = 0;
  if (aud != claims.end() && aud->is_string()) {
    aud_ok = aud->get<std::string>() == expect.audience;
    aud_count = 1;
  } else if (aud != claims.end() && aud->is_array()) {
    for (const Json& a : *aud) {
      if (!a.is_string()) return Reject("aud holds a non-string");
      ++aud_count;
      if (a.get<std::string>() == expect.audience) aud_ok = true;
    }
  }
  if (!aud_ok) return Reject("audience mismatch");
  std::string azp;
  if (!OptionalString(claims, "azp", &azp)) return Reject("azp is not a string");
  if (aud_count > 1 && !azp.empty() && azp != expect.audience) return Reject("azp mismatch");
  out.audience = expect.audience;

  const auto exp = NumericDate(claims, "exp");
  if (!exp) return Reject("no exp");
  if (*exp <= expect.now - expect.leeway_seconds) return Reject("expired");
  const auto iat = NumericDate(claims, "iat");
  if (!iat) return Reject("no iat");
  if (*iat > expect.now + expect.leeway_seconds) return Reject("issued in the future");
  if (claims.contains("nbf")) {
    const auto nbf = NumericDate(claims, "nbf");
    if (!nbf) return Reject("nbf is not a number");
    if (*nbf > expect.now + expect.leeway_seconds) return Reject("not valid yet (nbf)");
  }
  out.expires_at = *exp;
  out.issued_at = *iat;

  if (!OptionalString(claims, "sub", &out.subject) || out.subject.empty()) {
    return Reject("missing sub");
  }
  if (!OptionalString(claims, "email", &out.email)) return Reject("email is not a string");
  if (!OptionalString(claims, "nonce", &out.nonce)) return Reject("nonce is not a string");
  if (auto ev = claims.find("email_verified"); ev != claims.end() && !ev->is_null()) {
    if (ev->is_boolean()) {
      out.email_verified = ev->get<bool>();
    } else if (ev->is_string() && (*ev == "true" || *ev == "false")) {
      out.email_verified = *ev == "true";  // Apple sends a string
    } else {
      return Reject(R"(email_verified is neither bool nor "true"/"false")");
    }
  }
  return out;
}

}  // namespace imedic::core
