// `imedic seed --demo`: plans the world in memory, then streams every table
// through COPY inside one transaction, so a failure leaves nothing behind.
#include "seed/seeder.hpp"

#include <chrono>

#include "db/transaction.hpp"
#include "seed/generator.hpp"
#include "seed/patient_keys.hpp"
#include "seed/personas.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

// Serialises concurrent seeders (several nodes starting with --if-empty):
// the second one waits, then finds the users and skips.
constexpr const char* kSeedLockSql = "SELECT pg_advisory_xact_lock(7412503361)";

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

core::Result<SeedReport> SeedDemo(db::Connection& conn, const core::Keyring& master,
                                  const SeedOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.scale < 1) {
    return core::Fail(core::Error::InvalidInput("scale must be at least 1"));
  }
  const ProgressFn* progress = options.progress ? &options.progress : nullptr;
  SeedReport report;

  db::Transaction tx(conn);
  if (auto begun = tx.Begin(); !begun) return core::Fail(begun.error());
  if (auto locked = conn.Exec(kSeedLockSql); !locked) return core::Fail(locked.error());
  if (options.if_empty) {
    auto any = conn.Exec("SELECT EXISTS (SELECT 1 FROM users)");
    if (!any) return core::Fail(any.error());
    if (any->rows() == 1 && any->Get(0, 0) == "t") {
      report.skipped = true;
      auto personas = ReadPersonas(conn, options.seed);
      if (!personas) return core::Fail(personas.error());
      report.personas = std::move(*personas);
      if (!report.personas.empty()) report.demo_password = DemoPassword(options.seed);
      report.seconds = SecondsSince(started);
      return report;  // the transaction rolls back: nothing changed
    }
  }

  if (progress != nullptr) (*progress)("planning scale " + std::to_string(options.scale));
  const World world = BuildWorld(options.seed, options.scale);
  const PatientKeys keys(master, world);  // wiped when seeding ends
  const SinkContext ctx{conn, progress, world, keys};
  for (const TableWriter& writer : TableWriters()) {
    auto rows = writer.write(ctx);
    if (!rows) return core::Fail(rows.error());
    report.rows_per_table.emplace_back(std::string(writer.table), *rows);
  }
  auto personas = WritePersonaCredentials(conn, world, master, options.password_policy);
  if (!personas) return core::Fail(personas.error());
  report.personas = std::move(*personas);
  if (!report.personas.empty()) report.demo_password = DemoPassword(options.seed);
  // The seed wrote PAT-/BK- references itself: move the per-year sequences
  // past them, so the next patient created through the API gets a fresh
  // number at once instead of skipping the taken ones one by one.
  if (auto synced = conn.Exec("SELECT sync_reference_sequences()"); !synced) {
    return core::Fail(synced.error());
  }
  if (auto committed = tx.Commit(); !committed) return core::Fail(committed.error());

  // Fresh statistics so the planner does not treat the new tables as empty.
  if (progress != nullptr) (*progress)("analyze");
  if (auto analyzed = conn.Exec("ANALYZE"); !analyzed) return core::Fail(analyzed.error());
  report.seconds = SecondsSince(started);
  return report;
}

}  // namespace imedic::seed
