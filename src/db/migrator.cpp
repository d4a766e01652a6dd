#include "db/migrator.hpp"

#include <map>

#include "core/hash.hpp"
#include "db/sql/queries.hpp"
#include "db/transaction.hpp"
#include "db/typed_get.hpp"

namespace imedic::db {

namespace {

// An arbitrary constant naming this application's migration lock.
constexpr const char* kLockKey = "7311984021";

constexpr std::string_view kCreateLedger = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
))sql";

struct Applied {
  std::string name;
  std::string checksum;
};

core::Result<std::map<int, Applied>> ReadLedger(Connection& conn) {
  auto exists = conn.Execute(sql::kLedgerExists);
  if (!exists) return core::Fail(exists.error());
  std::map<int, Applied> out;
  if (exists->Get(0, 0) != "t") return out;
  auto rows = conn.Execute(sql::kLedgerRead);
  if (!rows) return core::Fail(rows.error());
  for (int i = 0; i < rows->rows(); ++i) {
    auto version = GetInt(*rows, i, 0);
    if (!version) return core::Fail(version.error());
    out[*version] = Applied{std::string(rows->Get(i, 1)), std::string(rows->Get(i, 2))};
  }
  return out;
}

std::string ChangedMessage(const Migration& m) {
  return "migration " + std::string(m.name) +
         " was already applied and its file has changed since; migrations are forward-only: "
         "restore the file and add a new migration instead";
}

core::Result<void> ApplyOne(Connection& conn, const Migration& m, const std::string& checksum) {
  Transaction tx(conn);
  if (auto b = tx.Begin(); !b) return b;
  if (auto r = conn.Exec(m.sql); !r) {
    core::Error e = r.error();
    e.public_message = "migration " + std::string(m.name) + " failed";
    return core::Fail(e);
  }
  auto rec = conn.Execute(sql::kLedgerRecord, Params{m.version, m.name, checksum});
  if (!rec) return core::Fail(rec.error());
  return tx.Commit();
}

}  // namespace

core::Result<MigrationReport> Migrate(Connection& conn, std::span<const Migration> migrations) {
  if (auto r = conn.Exec(std::string("SELECT pg_advisory_lock(") + kLockKey + ")"); !r) {
    return core::Fail(r.error());
  }
  auto unlock = [&] {
    (void)conn.Exec(std::string("SELECT pg_advisory_unlock(") + kLockKey + ")");
  };

  MigrationReport report;
  auto run = [&]() -> core::Result<void> {
    if (auto r = conn.Exec(kCreateLedger); !r) return core::Fail(r.error());
    auto ledger = ReadLedger(conn);
    if (!ledger) return core::Fail(ledger.error());
    for (const Migration& m : migrations) {
      std::string checksum = core::Sha256Hex(m.sql);
      auto it = ledger->find(m.version);
      if (it != ledger->end()) {
        if (it->second.checksum != checksum) {
          return core::Fail(core::Error{core::ErrorCode::kConflict, ChangedMessage(m), {}, {}});
        }
        continue;
      }
      if (auto r = ApplyOne(conn, m, checksum); !r) return r;
      report.applied.push_back(m.version);
    }
    auto final_ledger = ReadLedger(conn);
    if (!final_ledger) return core::Fail(final_ledger.error());
    report.current_version = final_ledger->empty() ? 0 : final_ledger->rbegin()->first;
    return {};
  };
  auto result = run();
  unlock();
  if (!result) return core::Fail(result.error());
  return report;
}

core::Result<MigrationStatus> CheckMigrations(Connection& conn,
                                              std::span<const Migration> migrations) {
  auto ledger = ReadLedger(conn);
  if (!ledger) return core::Fail(ledger.error());
  MigrationStatus status;
  for (const Migration& m : migrations) {
    auto it = ledger->find(m.version);
    if (it == ledger->end()) {
      ++status.pending_count;
      continue;
    }
    ++status.applied_count;
    if (it->second.checksum != core::Sha256Hex(m.sql) && status.problem.empty()) {
      status.problem = ChangedMessage(m);
    }
  }
  if (status.pending_count > 0 && status.problem.empty()) {
    status.problem = std::to_string(status.pending_count) + " migration(s) pending";
  }
  status.current = status.problem.empty();
  return status;
}

}  // namespace imedic::db
