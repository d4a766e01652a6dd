// Builds the archive of everything the platform holds about one person
// (issue 14, item 3; docs/privacy.md, "Export", lists each file and field):
//
//   manifest.json            what the archive holds, row counts, what was left out and why
//   tables/<table>.json      every row about the person, one JSON array per table, whole
//                            rows with sealed values opened
//   files/<id>.<ext>         the decrypted bytes of each stored file (photos, documents)
//   fhir/bundle.json         the medical part as a FHIR R4 Bundle (fhir_bundle.hpp)
//
// in a POSIX tar (tar_writer.hpp). The tables and the file list are read in
// one REPEATABLE READ READ ONLY transaction: one consistent snapshot.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/connection.hpp"
#include "domains/files/blob_store.hpp"

namespace imedic::exports {

struct BuiltArchive {
  std::string tar;                             // the plaintext archive
  std::string patient_profile_id;              // empty when the person is not a patient
  std::optional<core::MasterKey> patient_key;  // their data key, when they have one
  int row_count = 0;
  int file_count = 0;
};

// kNotFound when the user does not exist. `files` is the stored files' blob
// store. A sealed value or file that does not open (a shredded key) does
// not fail the export: the manifest lists it.
core::Result<BuiltArchive> BuildArchive(db::Connection& conn, const core::Keyring& keys,
                                        const files::BlobStore& files, const std::string& export_id,
                                        const std::string& subject_user_id);

}  // namespace imedic::exports
