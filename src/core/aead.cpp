#include "core/aead.hpp"

#include <sodium.h>

#include "core/base64.hpp"

namespace imedic::core {

namespace {

constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::string_view kVersion = "v1";

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Error DecryptionFailed() { return Error::Internal("decryption failed"); }

}  // namespace

std::string SealWithKey(const MasterKey& key, std::string_view plaintext, std::string_view aad) {
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &written, Bytes(plaintext),
                                             plaintext.size(), Bytes(aad), aad.size(), nullptr,
                                             nonce, key.key.data());
  out.resize(kNonceBytes + static_cast<std::size_t>(written));
  return out;
}

Result<std::string> OpenWithKey(const MasterKey& key, std::string_view sealed,
                                std::string_view aad) {
  if (sealed.size() < kNonceBytes + kTagBytes) return Fail(DecryptionFailed());
  const unsigned char* nonce = Bytes(sealed);
  const std::string_view ciphertext = sealed.substr(kNonceBytes);
  std::string plaintext(ciphertext.size() - kTagBytes, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &len, nullptr, Bytes(ciphertext),
          ciphertext.size(), Bytes(aad), aad.size(), nonce, key.key.data()) != 0) {
    return Fail(DecryptionFailed());
  }
  plaintext.resize(static_cast<std::size_t>(len));
  return plaintext;
}

std::string Seal(const Keyring& ring, std::string_view plaintext, std::string_view aad) {
  const MasterKey& key = ring.active();
  std::string envelope(kVersion);
  envelope += '.';
  envelope += key.id;
  envelope += '.';
  envelope += Base64UrlEncode(SealWithKey(key, plaintext, aad));
  return envelope;
}

Result<std::string> Open(const Keyring& ring, std::string_view envelope, std::string_view aad) {
  const std::size_t first = envelope.find('.');
  const std::size_t second = first == std::string_view::npos ? first
                                                             : envelope.find('.', first + 1);
  if (second == std::string_view::npos) {
    return Fail(Error::Internal("decryption failed: malformed envelope"));
  }
  if (envelope.substr(0, first) != kVersion) {
    return Fail(Error::Internal("decryption failed: unknown envelope version"));
  }
  const std::string_view id = envelope.substr(first + 1, second - first - 1);
  const MasterKey* key = ring.Find(id);
  if (key == nullptr) {
    // The id is not secret, but the envelope may be garbage: log a bounded prefix.
    return Fail(
        Error::Internal("decryption failed: unknown key id " + std::string(id.substr(0, 64))));
  }
  auto sealed = Base64UrlDecode(envelope.substr(second + 1));
  if (!sealed) return Fail(Error::Internal("decryption failed: malformed envelope"));
  return OpenWithKey(*key, *sealed, aad);
}

}  // namespace imedic::core
