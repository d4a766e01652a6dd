// Authenticated encryption at rest: XChaCha20-Poly1305-IETF (libsodium) with a random 24-byte
// nonce per message (large enough that random nonces never collide in practice).
//
// `aad` (associated data) is authenticated but not stored: pass what identifies the value's
// place, e.g. "medical_histories.medications:" + row id, so a ciphertext copied into another
// row or column fails to open instead of disclosing data there.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/keyring.hpp"

namespace imedic::core {

// Binary nonce (24 bytes) || ciphertext || tag (16 bytes).
std::string SealWithKey(const MasterKey& key, std::string_view plaintext, std::string_view aad);

// Inverse of SealWithKey. Fails with kInternal (internal_detail "decryption failed") when the
// data was altered or truncated, or the key or `aad` differ; it never returns partial data.
Result<std::string> OpenWithKey(const MasterKey& key, std::string_view sealed,
                                std::string_view aad);

// Text envelope "v1.<key id>.<base64url(nonce || ciphertext || tag)>", sealed with the ring's
// active key; fits a TEXT column.
std::string Seal(const Keyring& ring, std::string_view plaintext, std::string_view aad);

// Opens an envelope with the ring's key of the id it names. Fails with kInternal for a
// malformed envelope, an unknown version or key id, or as OpenWithKey().
Result<std::string> Open(const Keyring& ring, std::string_view envelope, std::string_view aad);

}  // namespace imedic::core
