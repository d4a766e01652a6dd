// The background job that builds export archives (`data_export`, every 5 s;
// docs/architecture.md §5.1).
//
// A turn first expires ready archives past their 24 hours (the row becomes
// `expired`, the sealed blob is removed), then claims queued requests one at
// a time (FOR UPDATE SKIP LOCKED, with a lease: each is built by one node;
// a node that dies mid-build leaves it to be claimed again when the lease
// runs out), builds the archive (export_archive.hpp), seals it whole and
// stores it in the blob store under <IMEDIC_FILES_DIR>/exports, and marks
// the request ready with its audit row. A failed build goes back to the
// queue, and is `failed` after three attempts.
//
// The seal: with the subject's patient data key when they are a patient
// (XChaCha20-Poly1305, associated data "data_export_requests:<id>"), the
// same key as their stored files, so erasing the patient (destroying that
// key) makes the archive unreadable too; otherwise with the master keyring.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::exports {

struct ExportJobSettings {
  std::string files_dir;    // IMEDIC_FILES_DIR; archives go to <files_dir>/exports
  int lease_seconds = 600;  // a build taking longer may be claimed again
  int max_attempts = 3;
  int valid_hours = 24;  // how long a built archive may be downloaded
  int max_builds = 5;    // archives built per turn at most
};

// Where the sealed archives are stored: <files_dir>/exports. The stored
// files' orphan sweep walks only the two-hex-digit folders of <files_dir>,
// so it never sees them.
std::string ExportStoreDir(std::string_view files_dir);

// The associated data an archive is sealed with.
std::string ArchiveAad(std::string_view export_id);

struct ExportTurn {
  int expired = 0;
  int built = 0;
  int failed = 0;
};

// One turn of the job (the tests call it directly).
core::Result<ExportTurn> RunDataExports(db::Pool& pool, const core::Keyring& keys,
                                        const ExportJobSettings& settings);

void AddDataExportJob(jobs::PeriodicJobs& jobs, db::Pool& pool, const core::Keyring& keys,
                      ExportJobSettings settings,
                      std::chrono::milliseconds interval = std::chrono::seconds(5));

}  // namespace imedic::exports
