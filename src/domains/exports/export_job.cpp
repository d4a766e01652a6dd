#include "domains/exports/export_job.hpp"

#include <utility>

#include "core/aead.hpp"
#include "core/hash.hpp"
#include "core/log.hpp"
#include "domains/exports/export_archive.hpp"
#include "domains/exports/sql/queries.hpp"
#include "domains/files/blob_store.hpp"
#include "domains/privacy/data_keys.hpp"

namespace imedic::exports {

namespace {

struct Claimed {
  std::string id, subject;
  int attempts = 0;
};

// Builds, seals and stores one claimed request; the error is the run's.
core::Result<void> Build(db::Connection& conn, const core::Keyring& keys,
                         const ExportJobSettings& settings, const Claimed& c) {
  const files::BlobStore file_store(settings.files_dir);
  auto archive = BuildArchive(conn, keys, file_store, c.id, c.subject);
  if (!archive) return core::Fail(archive.error());
  // A patient who has stored nothing sealed yet has no data key: make it
  // now, so that their archive too dies with the key when they are erased.
  if (!archive->patient_profile_id.empty() && !archive->patient_key) {
    privacy::DataKeys data_keys(keys);
    auto key = data_keys.GetOrCreate(conn, core::PatientId::Trusted(archive->patient_profile_id));
    if (!key) return core::Fail(key.error());
    archive->patient_key = std::move(*key);
  }
  const std::string sha = core::Sha256Hex(archive->tar);
  const std::string sealed_with = archive->patient_key ? "patient" : "master";
  const std::string sealed = archive->patient_key
                                 ? core::SealWithKey(*archive->patient_key, archive->tar,
                                                     ArchiveAad(c.id))
                                 : core::Seal(keys, archive->tar, ArchiveAad(c.id));
  const files::BlobStore store(ExportStoreDir(settings.files_dir));
  auto name = store.Put(sealed);
  if (!name) return core::Fail(name.error());
  auto done = conn.Execute(
      sql::kExportFinish,
      db::Params{c.id, *name, sealed_with, static_cast<std::int64_t>(archive->tar.size()), sha,
                 archive->row_count, archive->file_count, settings.valid_hours});
  if (!done) {
    store.Remove(*name);
    return core::Fail(done.error());
  }
  if (done->rows() != 1) store.Remove(*name);  // another node took the request over
  return {};
}

}  // namespace

std::string ExportStoreDir(std::string_view files_dir) {
  return std::string(files_dir) + "/exports";
}

std::string ArchiveAad(std::string_view export_id) {
  return "data_export_requests:" + std::string(export_id);
}

core::Result<ExportTurn> RunDataExports(db::Pool& pool, const core::Keyring& keys,
                                        const ExportJobSettings& settings) {
  ExportTurn turn;
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Connection& c = **conn;
  auto expired = c.Execute(sql::kExportExpire);
  if (!expired) return core::Fail(expired.error());
  const files::BlobStore store(ExportStoreDir(settings.files_dir));
  for (int i = 0; i < expired->rows(); ++i) {
    if (auto name = expired->GetOptional(i, 0)) store.Remove(*name);
    ++turn.expired;
  }
  for (int n = 0; n < settings.max_builds; ++n) {
    auto claim = c.Execute(sql::kExportClaim, db::Params{settings.lease_seconds});
    if (!claim) return core::Fail(claim.error());
    if (claim->rows() == 0) break;
    const Claimed job{std::string(claim->Get(0, 0)), std::string(claim->Get(0, 1)),
                      std::stoi(std::string(claim->Get(0, 2)))};
    auto built = Build(c, keys, settings, job);
    if (built) {
      ++turn.built;
      continue;
    }
    // The code only: the detail may name a column, never a value, but the
    // log is no place for anything about the person.
    const std::string code(core::ErrorCodeName(built.error().code));
    core::log::Warn("data_export_failed")
        .Str("export_id", job.id)
        .Str("code", code)
        .Int("attempt", job.attempts)
        .Emit();
    const bool final = job.attempts >= settings.max_attempts;
    auto failed = c.Execute(sql::kExportFail, db::Params{job.id, code, final});
    if (!failed) return core::Fail(failed.error());
    ++turn.failed;
  }
  return turn;
}

void AddDataExportJob(jobs::PeriodicJobs& jobs, db::Pool& pool, const core::Keyring& keys,
                      ExportJobSettings settings, std::chrono::milliseconds interval) {
  jobs.Add("data_export", interval, [&pool, &keys, settings = std::move(settings)] {
    auto turn = RunDataExports(pool, keys, settings);
    if (!turn) {
      jobs::ReportRunFailed();
      core::log::Warn("data_export_turn_failed")
          .Str("code", core::ErrorCodeName(turn.error().code))
          .Emit();
      return;
    }
    if (turn->built + turn->failed + turn->expired > 0) {
      core::log::Info("data_export")
          .Int("built", turn->built)
          .Int("failed", turn->failed)
          .Int("expired", turn->expired)
          .Emit();
    }
  });
}

}  // namespace imedic::exports
