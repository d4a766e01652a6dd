#include "core/jwt.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "core/base64.hpp"
#include "core/random.hpp"

namespace imedic::core {
namespace {

using Json = nlohmann::json;

constexpr std::int64_t kNow = 1'750'000'000;
const char* const kIssuer = "https://accounts.google.com";
const char* const kAudience = "imedic-client-id.apps.example";

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string BigNumParam(const EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &bn), 1);
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return bytes;
}

// The JWK the provider would publish for `key`.
Json Jwk(const EVP_PKEY* key, const std::string& kid) {
  return {{"kty", "RSA"},
          {"use", "sig"},
          {"alg", "RS256"},
          {"kid", kid},
          {"n", Base64UrlEncode(BigNumParam(key, OSSL_PKEY_PARAM_RSA_N))},
          {"e", Base64UrlEncode(BigNumParam(key, OSSL_PKEY_PARAM_RSA_E))}};
}

std::string SignRs256(EVP_PKEY* key, const std::string& input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  EXPECT_EQ(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key), 1);
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  EXPECT_EQ(EVP_DigestSign(ctx, nullptr, &len, data, input.size()), 1);
  std::string sig(len, '\0');
  EXPECT_EQ(
      EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, data, input.size()),
      1);
  EVP_MD_CTX_free(ctx);
  sig.resize(len);
  return sig;
}

std::string PublicKeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return pem;
}

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }

  // The provider's signing key and an attacker's key, generated once per run.
  static EVP_PKEY* ProviderKey() {
    static const Pkey kKey(EVP_RSA_gen(2048));
    return kKey.get();
  }
  static EVP_PKEY* OtherKey() {
    static const Pkey kKey(EVP_RSA_gen(2048));
    return kKey.get();
  }

  void SetUp() override {
    // Published: our key as "k1", plus keys the verifier must skip.
    jwks_ = {{"keys",
              {Jwk(ProviderKey(), "k1"),
               {{"kty", "EC"}, {"kid", "ec1"}, {"crv", "P-256"}, {"x", "AA"}, {"y", "AA"}},
               {{"kty", "RSA"}, {"use", "enc"}, {"kid", "enc1"}, {"n", "AA"}, {"e", "AQAB"}}}}};
    auto set = JwkSet::FromJson(jwks_.dump());
    ASSERT_TRUE(set) << set.error().public_message;
    keys_ = *set;
    expect_.issuers = {kIssuer, "accounts.google.com"};
    expect_.audience = kAudience;
    expect_.now = kNow;
  }

  static Json Header(const std::string& kid = "k1") {
    return {{"alg", "RS256"}, {"kid", kid}, {"typ", "JWT"}};
  }
  static Json Claims() {
    return {{"iss", kIssuer},
            {"aud", kAudience},
            {"sub", "110169484474386276334"},
            {"email", "ana@example.com"},
            {"email_verified", true},
            {"iat", kNow - 10},
            {"exp", kNow + 3600},
            {"nonce", "n-0S6_WzA2Mj"}};
  }

  // header.payload signed by `key` (default: the published one).
  static std::string Token(const Json& header, const Json& claims, EVP_PKEY* key = nullptr) {
    const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
    return input + "." + Base64UrlEncode(SignRs256(key ? key : ProviderKey(), input));
  }

  Result<IdTokenClaims> Verify(const std::string& token) const {
    return VerifyIdToken(token, keys_, expect_);
  }

  void ExpectRejected(const std::string& token, const std::string& detail) const {
    auto r = Verify(token);
    ASSERT_FALSE(r) << detail;
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().public_message, "invalid identity token");
    EXPECT_NE(r.error().internal_detail.find(detail), std::string::npos)
        << r.error().internal_detail;
    if (token.size() > 8) {
      EXPECT_EQ(r.error().internal_detail.find(token), std::string::npos);
    }
  }

  Json jwks_;
  JwkSet keys_;
  IdTokenExpectations expect_;
};

TEST_F(JwtTest, JwksSkipsKeysNotForRs256Signatures) {
  EXPECT_EQ(keys_.size(), 1u);
  EXPECT_FALSE(keys_.empty());
  EXPECT_TRUE(JwkSet().empty());
  auto empty = JwkSet::FromJson(R"({"keys": []})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST_F(JwtTest, MalformedJwksIsRefused) {
  EXPECT_FALSE(JwkSet::FromJson("not json"));
  EXPECT_FALSE(JwkSet::FromJson("[]"));
  EXPECT_FALSE(JwkSet::FromJson(R"({"keys": {}})"));
  EXPECT_FALSE(JwkSet::FromJson(R"({"keys": [{"kty": "RSA", "kid": "a", "n": "AQAB"}]})"));
  // A 512-bit modulus is too weak to trust.
  EXPECT_FALSE(JwkSet::FromJson(R"({"keys": [{"kty": "RSA", "kid": "a", "e": "AQAB", "n": ")" +
                                Base64UrlEncode(std::string(64, '\xc5')) + R"("}]})"));
  Json dup = {{"keys", {Jwk(ProviderKey(), "k1"), Jwk(OtherKey(), "k1")}}};
  EXPECT_FALSE(JwkSet::FromJson(dup.dump()));
}

TEST_F(JwtTest, JwksFromFile) {
  const auto path = std::filesystem::temp_directory_path() / ("imedic-jwks-" + RandomHex(8));
  std::ofstream(path) << jwks_.dump();
  auto set = JwkSet::FromFile(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(set) << set.error().public_message;
  EXPECT_EQ(set->size(), 1u);
  auto missing = JwkSet::FromFile(path.string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().public_message.find(path.string()), std::string::npos);
}

TEST_F(JwtTest, GoodTokenVerifiesWithItsClaims) {
  auto claims = Verify(Token(Header(), Claims()));
  ASSERT_TRUE(claims) << claims.error().internal_detail;
  EXPECT_EQ(claims->issuer, kIssuer);
  EXPECT_EQ(claims->subject, "110169484474386276334");
  EXPECT_EQ(claims->audience, kAudience);
  EXPECT_EQ(claims->email, "ana@example.com");
  EXPECT_TRUE(claims->email_verified);
  EXPECT_EQ(claims->issued_at, kNow - 10);
  EXPECT_EQ(claims->expires_at, kNow + 3600);
  EXPECT_EQ(claims->nonce, "n-0S6_WzA2Mj");
}

TEST_F(JwtTest, AudienceMayBeAnArray) {
  Json c = Claims();
  c["aud"] = {"someone-else", kAudience};
  EXPECT_TRUE(Verify(Token(Header(), c)));
  c["azp"] = kAudience;
  EXPECT_TRUE(Verify(Token(Header(), c)));
  c["azp"] = "someone-else";
  ExpectRejected(Token(Header(), c), "azp mismatch");
  c.erase("azp");
  c["aud"] = {"someone-else"};
  ExpectRejected(Token(Header(), c), "audience mismatch");
}

TEST_F(JwtTest, EmailVerifiedMayBeAString) {
  Json c = Claims();
  c["email_verified"] = "true";
  EXPECT_TRUE(Verify(Token(Header(), c))->email_verified);
  c["email_verified"] = "false";
  EXPECT_FALSE(Verify(Token(Header(), c))->email_verified);
  c.erase("email_verified");
  EXPECT_FALSE(Verify(Token(Header(), c))->email_verified);
  c["email_verified"] = "yes";
  ExpectRejected(Token(Header(), c), "email_verified");
}

TEST_F(JwtTest, ChangedPayloadByteFails) {
  const std::string token = Token(Header(), Claims());
  const std::size_t dot = token.find('.');
  // Change one decoded payload byte and re-encode, keeping the original signature.
  std::string payload = *Base64UrlDecode(token.substr(dot + 1, token.find('.', dot + 1) - dot - 1));
  payload[payload.find("ana@")] = 'e';
  const std::string forged = token.substr(0, dot) + "." + Base64UrlEncode(payload) +
                             token.substr(token.find('.', dot + 1));
  ExpectRejected(forged, "bad signature");
  // Flipping a signature character fails too.
  std::string bad_sig = token;
  bad_sig[bad_sig.size() - 5] = bad_sig[bad_sig.size() - 5] == 'A' ? 'B' : 'A';
  ExpectRejected(bad_sig, "");
}

TEST_F(JwtTest, SignatureByAnotherKeyFails) {
  ExpectRejected(Token(Header(), Claims(), OtherKey()), "bad signature");
}

TEST_F(JwtTest, AlgNoneAndHs256AreRefused) {
  const std::string input_none = Base64UrlEncode(R"({"alg":"none","kid":"k1"})") + "." +
                                 Base64UrlEncode(Claims().dump());
  ExpectRejected(input_none + ".", "");
  ExpectRejected(input_none + "." + Base64UrlEncode("x"), "alg is not RS256");

  // The confusion attack: HMAC keyed with the public key, hoping the verifier uses it as a
  // shared secret.
  Json h = Header();
  h["alg"] = "HS256";
  const std::string input = Base64UrlEncode(h.dump()) + "." + Base64UrlEncode(Claims().dump());
  for (const std::string& secret : {PublicKeyPem(ProviderKey()), jwks_.dump()}) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_len);
    ExpectRejected(
        input + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), mac_len)),
        "alg is not RS256");
  }
  // Other asymmetric algorithms are refused too, even with a valid RS256 signature.
  h["alg"] = "RS512";
  ExpectRejected(Token(h, Claims()), "alg is not RS256");
}

TEST_F(JwtTest, TimeChecksHonourLeeway) {
  Json c = Claims();
  c["exp"] = kNow - 61;
  ExpectRejected(Token(Header(), c), "expired");
  c["exp"] = kNow - 30;  // inside the 60 s leeway
  EXPECT_TRUE(Verify(Token(Header(), c)));
  c["exp"] = kNow + 3600;
  c["iat"] = kNow + 120;
  ExpectRejected(Token(Header(), c), "issued in the future");
  c["iat"] = kNow;
  c["nbf"] = kNow + 120;
  ExpectRejected(Token(Header(), c), "nbf");
  c["nbf"] = kNow + 30;
  EXPECT_TRUE(Verify(Token(Header(), c)));
  c["exp"] = static_cast<double>(kNow) + 100.5;  // NumericDate may be fractional
  EXPECT_EQ(Verify(Token(Header(), c))->expires_at, kNow + 100);
  c.erase("exp");
  ExpectRejected(Token(Header(), c), "no exp");
  c["exp"] = "tomorrow";
  ExpectRejected(Token(Header(), c), "no exp");
}

TEST_F(JwtTest, IssuerAudienceSubjectAndKidAreChecked) {
  Json c = Claims();
  c["iss"] = "https://evil.example";
  ExpectRejected(Token(Header(), c), "issuer");
  c["iss"] = "accounts.google.com";  // the second accepted form
  EXPECT_TRUE(Verify(Token(Header(), c)));
  c["aud"] = "another-client";
  ExpectRejected(Token(Header(), c), "audience mismatch");
  c["aud"] = kAudience;
  c.erase("sub");
  ExpectRejected(Token(Header(), c), "missing sub");
  c["sub"] = "";
  ExpectRejected(Token(Header(), c), "missing sub");
  ExpectRejected(Token(Header("k2"), Claims()), "unknown kid");
  Json no_kid = Header();
  no_kid.erase("kid");
  ExpectRejected(Token(no_kid, Claims()), "no kid");
  Json crit = Header();
  crit["crit"] = {"exp"};
  ExpectRejected(Token(crit, Claims()), "crit");
}

TEST_F(JwtTest, MalformedTokensAreRefused) {
  const std::string good = Token(Header(), Claims());
  ExpectRejected("", "three segments");
  ExpectRejected("abc", "three segments");
  ExpectRejected("a.b", "three segments");
  ExpectRejected(good + ".x", "three segments");
  ExpectRejected(good.substr(good.find('.')), "base64url");          // empty header
  ExpectRejected(good.substr(0, good.rfind('.') + 1), "base64url");  // empty signature
  ExpectRejected("e30*." + good.substr(good.find('.') + 1), "base64url");
  ExpectRejected(Base64UrlEncode("not json") + good.substr(good.find('.')), "header");
  ExpectRejected(Base64UrlEncode("[1]") + good.substr(good.find('.')), "header");
  // A correctly signed payload that is not a JSON object.
  const std::string input = Base64UrlEncode(Header().dump()) + "." + Base64UrlEncode("[]");
  ExpectRejected(input + "." + Base64UrlEncode(SignRs256(ProviderKey(), input)), "payload");
  ExpectRejected(std::string(std::size_t{70} * 1024, 'a'), "too long");
}

TEST_F(JwtTest, MisconfiguredExpectationsFailClosed) {
  expect_.audience.clear();
  auto r = Verify(Token(Header(), Claims()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace imedic::core
