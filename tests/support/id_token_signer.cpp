#include "support/id_token_signer.hpp"

#include <stdexcept>
#include <vector>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "core/base64.hpp"

namespace imedic::testing {

struct IdTokenSigner::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

std::string Param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("bn param");
  std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return core::Base64UrlEncode(out);
}

}  // namespace

IdTokenSigner::IdTokenSigner(std::string kid) : kid_(std::move(kid)), key_(new Key) {
  key_->pkey = EVP_RSA_gen(2048);
  if (key_->pkey == nullptr) throw std::runtime_error("RSA key generation failed");
}

IdTokenSigner::~IdTokenSigner() = default;

std::string IdTokenSigner::Jwks() const {
  nlohmann::json jwk = {{"kty", "RSA"},
                        {"kid", kid_},
                        {"use", "sig"},
                        {"alg", "RS256"},
                        {"n", Param(key_->pkey, OSSL_PKEY_PARAM_RSA_N)},
                        {"e", Param(key_->pkey, OSSL_PKEY_PARAM_RSA_E)}};
  return nlohmann::json{{"keys", {jwk}}}.dump();
}

std::string IdTokenSigner::Sign(const nlohmann::json& claims) const {
  nlohmann::json header = {{"alg", "RS256"}, {"kid", kid_}, {"typ", "JWT"}};
  std::string input = core::Base64UrlEncode(header.dump()) + "." +
                      core::Base64UrlEncode(claims.dump());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  std::vector<unsigned char> sig;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey) == 1 &&
            EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                           input.size()) == 1;
  if (ok) {
    sig.resize(len);
    ok = EVP_DigestSign(ctx, sig.data(), &len, reinterpret_cast<const unsigned char*>(input.data()),
                        input.size()) == 1;
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("signing failed");
  return input + "." +
         core::Base64UrlEncode(std::string(reinterpret_cast<const char*>(sig.data()), len));
}

}  // namespace imedic::testing
