// HTTP routes for encrypted photo and document upload and download:
//   POST   /patients/{id}/files?kind=…   raw body → the stored file's record
//   GET    /patients/{id}/files          the patient's files (metadata only)
//   GET    /files/{id}                   the decrypted content
//   DELETE /files/{id}                   soft delete
#pragma once

#include <cstddef>
#include <string>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::files {

struct FileSettings {
  std::string dir;                          // core::Config::FilesDir()
  std::size_t max_upload_bytes = 10 << 20;  // IMEDIC_MAX_UPLOAD_BYTES
};

// `pool` and `keys` must outlive the router.
void RegisterFileRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                        FileSettings settings);

}  // namespace imedic::files
