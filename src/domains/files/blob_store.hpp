// Sealed files on local disk, named by the SHA-256 of their (already
// encrypted) bytes: <root>/<first 2 hex>/<64 hex>. The store never sees
// plaintext and knows nothing of patients or the database.
//
// Put() is crash-safe: the bytes go to a temporary file in the final folder,
// are fsynced, renamed into place, and the folder is fsynced; only then does
// Put() return. A crash before that leaves at most a temporary file
// (".tmp-…"), which no row names and SweepOrphans() removes later.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace imedic::files {

class BlobStore {
 public:
  explicit BlobStore(std::string root) : root_(std::move(root)) {}

  // Stores `sealed` and returns its name (lower-case hex SHA-256). Storing
  // the same bytes twice yields the same name and one file. Fails with
  // kUnavailable (disk full, permissions), detail naming the step only.
  core::Result<std::string> Put(std::string_view sealed) const;

  // The bytes stored under `name`; kNotFound when there is no such file,
  // kInvalidInput for a name that is not 64 lower-case hex characters.
  core::Result<std::string> Get(std::string_view name) const;

  // Removes the file stored under `name`, if any (best effort).
  void Remove(std::string_view name) const;

  // Removes stored files and temporary files older than `min_age` for which
  // `referenced(names)` (called with batches of stored names) does not list
  // the name. Returns how many files were removed. Files younger than
  // `min_age` are kept: their row may be about to be inserted.
  using ReferencedFn =
      std::function<core::Result<std::vector<std::string>>(const std::vector<std::string>&)>;
  core::Result<int> SweepOrphans(std::chrono::seconds min_age,
                                 const ReferencedFn& referenced) const;

  // <root>/<first 2 hex>/<name>.
  std::string PathOf(std::string_view name) const;
  const std::string& root() const { return root_; }

  // True for 64 lower-case hex characters.
  static bool IsStorageName(std::string_view name);

 private:
  std::string root_;
};

}  // namespace imedic::files
