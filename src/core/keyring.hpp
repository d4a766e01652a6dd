// Master keys for encryption at rest, read from a key file or configuration. Several keys can
// be held: the newest (active) one encrypts, every one decrypts, so keys rotate without
// re-encrypting old data at once.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace imedic::core {

// One 256-bit key and its id. The id is public (it is written into every envelope); the key
// bytes are wiped when the object is destroyed and must never be logged or printed.
struct MasterKey {
  ~MasterKey();

  std::string id;
  std::array<unsigned char, 32> key{};
};

class Keyring {
 public:
  // A ring of one key, e.g. from configuration: `base64_key` is 32 bytes in standard base64
  // (or base64url). Ids are 1..64 characters of [A-Za-z0-9_-].
  static Result<Keyring> FromBase64(std::string_view key_id, std::string_view base64_key);

  // Reads a key file: one key per line as "<id> <base64 of 32 bytes>", blank lines and lines
  // starting with '#' ignored; the last key is the active one. Refused (kInvalidInput, with a
  // message naming the path and line, never a key) when the file is not a regular file, is
  // readable or writable by group or others, has a malformed line or a duplicate id, or holds
  // no key.
  static Result<Keyring> LoadFile(const std::string& path);

  // LoadFile(path) when the file exists. Otherwise creates its folder (mode 0700, when missing)
  // and the file (mode 0600, exclusively) holding one fresh key with an id like
  // "k20260114-3fa9c2", and sets *created (may be null) so the caller can warn loudly that a
  // new key now guards the data and must be backed up.
  static Result<Keyring> LoadOrCreateFile(const std::string& path, bool* created);

  // For `imedic keys rotate`: re-reads the file, appends a fresh key line (fsynced), and makes
  // this ring the file's keys with the new key active. Old keys stay so old data still opens.
  Result<void> AppendNewKeyToFile(const std::string& path);

  // The key new data is sealed with. A Keyring always holds at least one key.
  const MasterKey& active() const { return keys_.back(); }

  // The key named `id`, or null.
  const MasterKey* Find(std::string_view id) const;

  std::size_t size() const { return keys_.size(); }

 private:
  explicit Keyring(std::vector<MasterKey> keys) : keys_(std::move(keys)) {}

  std::vector<MasterKey> keys_;  // oldest first; never empty
};

}  // namespace imedic::core
