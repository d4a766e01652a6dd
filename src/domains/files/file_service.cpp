#include "domains/files/file_service.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "core/aead.hpp"
#include "core/hash.hpp"
#include "db/text_array.hpp"
#include "db/typed_get.hpp"
#include "domains/files/sql/queries.hpp"

namespace imedic::files {

namespace {

constexpr char kMacContext[crypto_kdf_CONTEXTBYTES + 1] = "imfilmac";
constexpr std::uint64_t kMacSubkeyId = 1;

std::string AllowedFor(FileKind kind) {
  return KindAllows(kind, MediaType::kPdf) ? "JPEG, PNG, HEIC or PDF" : "JPEG, PNG or HEIC";
}

}  // namespace

std::string ContentMac(const core::MasterKey& data_key, std::string_view plaintext) {
  std::array<unsigned char, crypto_generichash_KEYBYTES> mac_key{};
  static_assert(crypto_kdf_KEYBYTES == sizeof data_key.key);
  crypto_kdf_derive_from_key(mac_key.data(), mac_key.size(), kMacSubkeyId, kMacContext,
                             data_key.key.data());
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                     mac_key.data(), mac_key.size());
  sodium_memzero(mac_key.data(), mac_key.size());
  return core::ToHex(std::string_view(reinterpret_cast<const char*>(out.data()), out.size()));
}

std::string FileAad(std::string_view patient_profile_id, std::string_view content_mac) {
  std::string aad = "stored_files:";
  aad.append(patient_profile_id).push_back(':');
  aad.append(content_mac);
  return aad;
}

FileService::FileService(db::Pool& pool, const core::Keyring& master, std::string dir,
                         std::size_t max_upload_bytes)
    : pool_(pool), keys_(master), store_(std::move(dir)), max_upload_bytes_(max_upload_bytes) {}

core::Result<UploadResult> FileService::Upload(const Caller& caller,
                                               const core::PatientId& patient_profile_id,
                                               FileKind kind, std::string_view declared_type,
                                               std::string_view bytes) {
  using core::ErrorCode;
  if (bytes.empty()) {
    return core::Fail(core::Error::InvalidInput("the upload is empty",
                                                {{"body", "send the file's bytes as the body"}}));
  }
  if (bytes.size() > max_upload_bytes_) {
    return core::Fail(core::Error(
        ErrorCode::kPayloadTooLarge,
        "the file is over the upload limit of " + std::to_string(max_upload_bytes_) + " bytes"));
  }
  auto type = SniffMediaType(bytes);
  if (!type) {
    return core::Fail(
        core::Error(ErrorCode::kUnsupportedMedia,
                    "the body is not a JPEG, PNG, HEIC or PDF file (judged by its content)"));
  }
  if (!IsGenericContentType(declared_type)) {
    auto declared = ParseMediaType(declared_type);
    if (!declared || *declared != *type) {
      return core::Fail(core::Error(ErrorCode::kUnsupportedMedia,
                                    "the Content-Type does not match the body, which is " +
                                        std::string(MediaTypeName(*type))));
    }
  }
  if (!KindAllows(kind, *type)) {
    return core::Fail(
        core::Error(ErrorCode::kUnsupportedMedia, "a " + std::string(FileKindName(kind)) +
                                                      " must be " + AllowedFor(kind) + ", not " +
                                                      std::string(MediaTypeName(*type))));
  }

  const core::PatientId& patient = patient_profile_id;
  std::string mac;
  std::string sealed;
  {
    auto conn = pool_.Acquire();
    if (!conn) return core::Fail(conn.error());
    auto visible = (*conn)->Execute(sql::kPatientInScope,
                                    db::Params{patient, caller.user_id, caller.patient_scopes});
    if (!visible) return core::Fail(visible.error());
    if (visible->rows() != 1) return core::Fail(core::Error::NotFound());
    auto data_key = keys_.GetOrCreate(**conn, patient);
    if (!data_key) return core::Fail(data_key.error());
    mac = ContentMac(*data_key, bytes);
    auto existing = (*conn)->Execute(sql::kFindFileByContent,
                                     db::Params{patient, mac, caller.user_id, caller.patient_scopes,
                                                caller.request_id, caller.ip, caller.role});
    if (!existing) return core::Fail(existing.error());
    if (existing->rows() == 1) return UploadResult{std::string(existing->Get(0, 0)), false};
    sealed = core::SealWithKey(*data_key, bytes, FileAad(patient.str(), mac));
  }

  // The database connection is not held while the disk works.
  auto name = store_.Put(sealed);
  if (!name) return core::Fail(name.error());

  auto conn = pool_.Acquire();
  if (!conn) {
    store_.Remove(*name);
    return core::Fail(conn.error());
  }
  auto inserted = (*conn)->Execute(
      sql::kInsertStoredFile,
      db::Params{patient, FileKindName(kind), MediaTypeName(*type),
                 static_cast<std::int64_t>(bytes.size()), *name, mac, caller.user_id,
                 caller.patient_scopes, caller.request_id, caller.ip, caller.role});
  if (!inserted) {
    // No row names the file: it can go. (Were this process to die here
    // instead, the sweep would remove it.)
    store_.Remove(*name);
    return core::Fail(inserted.error());
  }
  if (inserted->rows() == 1) return UploadResult{std::string(inserted->Get(0, 0)), true};
  // A concurrent upload of the same content won, or the patient left the
  // caller's scope meanwhile. Our copy is unreferenced either way.
  store_.Remove(*name);
  auto existing = (*conn)->Execute(sql::kFindFileByContent,
                                   db::Params{patient, mac, caller.user_id, caller.patient_scopes,
                                              caller.request_id, caller.ip, caller.role});
  if (!existing) return core::Fail(existing.error());
  if (existing->rows() == 1) return UploadResult{std::string(existing->Get(0, 0)), false};
  return core::Fail(core::Error::NotFound());
}

core::Result<FileContent> FileService::Download(const Caller& caller, const core::FileId& file_id) {
  std::string patient;
  std::string storage_name;
  std::string mac;
  std::int64_t byte_size = 0;
  MediaType type{};
  FileKind kind{};
  std::optional<core::MasterKey> data_key;
  {
    auto conn = pool_.Acquire();
    if (!conn) return core::Fail(conn.error());
    auto r = (*conn)->Execute(sql::kReadStoredFile,
                              db::Params{file_id, caller.user_id, caller.patient_scopes,
                                         caller.request_id, caller.ip, caller.role});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) return core::Fail(core::Error::NotFound());
    if (r->Get(0, 6) == "t") {
      return core::Fail(core::Error(core::ErrorCode::kGone, "this file was deleted"));
    }
    patient = std::string(r->Get(0, 0));
    auto k = ParseFileKind(r->Get(0, 1));
    auto t = ParseMediaType(r->Get(0, 2));
    if (!k || !t) return core::Fail(core::Error::Internal("stored_files: unknown kind or type"));
    kind = *k;
    type = *t;
    auto size = db::GetInt64(*r, 0, 3);
    if (!size) return core::Fail(size.error());
    byte_size = *size;
    storage_name = std::string(r->Get(0, 4));
    mac = std::string(r->Get(0, 5));
    auto dk = keys_.Get(**conn, core::PatientId::Trusted(patient));  // a uuid column
    if (!dk) {
      if (dk.error().code == core::ErrorCode::kNotFound) {
        // Crypto-shredded: the bytes can never be read again.
        return core::Fail(core::Error(core::ErrorCode::kGone, "this file can no longer be read"));
      }
      return core::Fail(dk.error());
    }
    data_key.emplace(std::move(*dk));
  }

  auto sealed = store_.Get(storage_name);
  if (!sealed) {
    if (sealed.error().code == core::ErrorCode::kNotFound) {
      return core::Fail(
          core::Error::Internal("stored file " + file_id.str() + " is missing on disk"));
    }
    return core::Fail(sealed.error());
  }
  auto plain = core::OpenWithKey(*data_key, *sealed, FileAad(patient, mac));
  if (!plain) {
    return core::Fail(core::Error::Internal("stored file " + file_id.str() +
                                            " does not open: " + plain.error().internal_detail));
  }
  if (static_cast<std::int64_t>(plain->size()) != byte_size) {
    return core::Fail(
        core::Error::Internal("stored file " + file_id.str() + " has the wrong size"));
  }
  return FileContent{type, kind, std::move(*plain)};
}

core::Result<std::string> FileService::List(const Caller& caller,
                                            const core::PatientId& patient_profile_id) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListStoredFiles,
                            db::Params{patient_profile_id, caller.user_id, caller.patient_scopes,
                                       caller.request_id, caller.ip, caller.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return std::string(r->Get(0, 0));
}

core::Result<void> FileService::Delete(const Caller& caller, const core::FileId& file_id,
                                       bool may_delete_passport) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kDeleteStoredFile,
      db::Params{file_id, caller.user_id, caller.patient_scopes, caller.request_id, caller.ip,
                 caller.role, may_delete_passport});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  if (r->Get(0, 2) == "t") return {};
  if (r->Get(0, 1) == "t") {
    return core::Fail(core::Error(core::ErrorCode::kGone, "this file was already deleted"));
  }
  return core::Fail(core::Error(core::ErrorCode::kForbidden,
                                "this account may not delete passport scans (patients.write)"));
}

core::Result<int> FileService::SweepOrphans(std::chrono::seconds min_age) {
  return store_.SweepOrphans(
      min_age,
      [this](const std::vector<std::string>& names) -> core::Result<std::vector<std::string>> {
        auto conn = pool_.Acquire();
        if (!conn) return core::Fail(conn.error());
        auto r = (*conn)->Execute(sql::kReferencedStorageNames, db::Params{db::ToTextArray(names)});
        if (!r) return core::Fail(r.error());
        std::vector<std::string> live;
        live.reserve(static_cast<std::size_t>(r->rows()));
        for (int i = 0; i < r->rows(); ++i) live.emplace_back(r->Get(i, 0));
        return live;
      });
}

core::Result<std::size_t> CountLiveFiles(db::Connection& conn, std::string_view patient_profile_id,
                                         const std::vector<std::string>& file_ids) {
  std::string ids = "{";
  for (std::size_t i = 0; i < file_ids.size(); ++i) ids += (i ? "," : "") + file_ids[i];
  ids += "}";
  auto r = conn.Execute(sql::kCountPatientFiles, db::Params{patient_profile_id, ids});
  if (!r) return core::Fail(r.error());
  return static_cast<std::size_t>(std::stoul(std::string(r->Get(0, 0))));
}

}  // namespace imedic::files
