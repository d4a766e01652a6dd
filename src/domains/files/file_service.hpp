// Encrypted photo and document storage (issue 4, item 6).
//
// An upload is checked by content (sniff.hpp), sealed with the patient's
// data key (privacy::DataKeys, XChaCha20-Poly1305, associated data
// "stored_files:<patient_profile_id>:<content_mac>"), written durably to the
// BlobStore, and only then recorded in stored_files together with its audit
// row. An interrupted upload therefore never leaves a row naming a missing or
// half-written file; what it can leave is an unreferenced file, which
// SweepOrphans() removes.
//
// Every statement takes the caller and the caller's patient scopes, so rows
// outside the scope are never returned (404, as for a missing row), and every
// answer that discloses a file or its record writes an audit row in the same
// statement.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "domains/files/blob_store.hpp"
#include "domains/files/sniff.hpp"
#include "domains/privacy/data_keys.hpp"

namespace imedic::files {

// Who is asking, as the statements need it.
struct Caller {
  std::string user_id;
  std::string patient_scopes;  // core::PatientScopes::ToSql()
  std::string request_id;
  std::optional<std::string> ip;
  std::string role;  // core::Principal::AuditRole()
};

struct UploadResult {
  std::string json;  // the file's record
  bool created;      // false: the patient had already stored this content
};

struct FileContent {
  MediaType type;
  FileKind kind;
  std::string bytes;
};

class FileService {
 public:
  // `pool` and `master` must outlive the service.
  FileService(db::Pool& pool, const core::Keyring& master, std::string dir,
              std::size_t max_upload_bytes);

  // Stores `bytes` as a file of `kind` for the patient. `declared_type` is
  // the request's Content-Type: empty or application/octet-stream accept what
  // the bytes are; anything else must name the same type.
  // Fails with kInvalidInput (empty body), kPayloadTooLarge (over the cap),
  // kUnsupportedMedia (not JPEG/PNG/HEIC/PDF, declared type differs, or a
  // type the kind does not allow), kNotFound (patient missing or out of
  // scope), kUnavailable (database or disk).
  core::Result<UploadResult> Upload(const Caller& caller, const core::PatientId& patient_profile_id,
                                    FileKind kind, std::string_view declared_type,
                                    std::string_view bytes);

  // The decrypted content. kNotFound when missing or out of scope, kGone when
  // deleted (or the patient's data key was shredded), kInternal when the
  // stored bytes are missing or do not open.
  core::Result<FileContent> Download(const Caller& caller, const core::FileId& file_id);

  // {"items":[…]} of the patient's live files; kNotFound out of scope.
  core::Result<std::string> List(const Caller& caller, const core::PatientId& patient_profile_id);

  // Soft delete. kNotFound when missing or out of scope, kGone when already
  // deleted, kForbidden for a passport scan unless `may_delete_passport`.
  core::Result<void> Delete(const Caller& caller, const core::FileId& file_id,
                            bool may_delete_passport);

  // Removes files on disk that no row names and temporary files, older than
  // `min_age`. Returns how many were removed.
  core::Result<int> SweepOrphans(std::chrono::seconds min_age);

  const BlobStore& store() const { return store_; }
  std::size_t max_upload_bytes() const { return max_upload_bytes_; }

 private:
  db::Pool& pool_;
  privacy::DataKeys keys_;
  BlobStore store_;
  std::size_t max_upload_bytes_;
};

// Hex keyed BLAKE2b-256 of `plaintext`, under a key derived from the data key
// (libsodium KDF, context "imfilmac"), so the data key itself is used for
// one purpose only: sealing.
std::string ContentMac(const core::MasterKey& data_key, std::string_view plaintext);

// "stored_files:<patient_profile_id>:<content_mac>".
std::string FileAad(std::string_view patient_profile_id, std::string_view content_mac);

// How many of `file_ids` are live files uploaded for the patient: what a
// record holding file ids (encrypted, so the database cannot check them)
// asks before it is written. The ids must be UUIDs (checked by the
// caller's body validation); they are bound, never spliced.
core::Result<std::size_t> CountLiveFiles(db::Connection& conn, std::string_view patient_profile_id,
                                         const std::vector<std::string>& file_ids);

}  // namespace imedic::files
