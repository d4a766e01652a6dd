// Applies the numbered, forward-only SQL migrations.
//
// Each migration runs in its own transaction and is recorded in
// schema_migrations with its checksum; the whole run holds a PostgreSQL
// advisory lock so concurrent starts (several nodes) apply each file once.
// A migration that was applied and whose text has since changed is refused:
// schema changes are new files, never edits.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/connection.hpp"

namespace imedic::db {

struct Migration {
  int version;
  std::string_view name;  // file name without the .sql suffix
  std::string_view sql;
};

// The migrations compiled into this binary from migrations/*.sql, in order.
std::span<const Migration> EmbeddedMigrations();

struct MigrationReport {
  std::vector<int> applied;  // versions applied by this run
  int current_version = 0;   // highest version recorded after the run
};

struct MigrationStatus {
  bool current = false;  // every known migration applied, checksums match
  int applied_count = 0;
  int pending_count = 0;
  std::string problem;  // why not current (empty when current)
};

// Applies pending migrations. Fails with kConflict naming the file when an
// applied migration's checksum differs from the file's.
core::Result<MigrationReport> Migrate(Connection& conn, std::span<const Migration> migrations);

// Reads, without changing anything, whether the database is at this
// binary's schema (used by /readyz).
core::Result<MigrationStatus> CheckMigrations(Connection& conn,
                                              std::span<const Migration> migrations);

}  // namespace imedic::db
