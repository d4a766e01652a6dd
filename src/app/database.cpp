#include "app/database.hpp"

#include "core/log.hpp"
#include "db/connection.hpp"
#include "db/migrator.hpp"

namespace imedic::app {

core::Result<Database> OpenDatabase(const core::Config& config) {
  Database out;
  if (config.database_url) {
    out.conninfo = *config.database_url;
    return out;
  }
  auto cluster = db::EmbeddedCluster::Start({.dir = config.EmbeddedPostgresDir()});
  if (!cluster) return core::Fail(cluster.error());
  out.conninfo = (*cluster)->ConnInfo();
  out.embedded = std::move(*cluster);
  return out;
}

core::Result<Database> OpenAndMigrate(const core::Config& config) {
  auto database = OpenDatabase(config);
  if (!database) return database;
  auto conn = db::Connection::Open(database->conninfo);
  if (!conn) return core::Fail(conn.error());
  auto report = db::Migrate(*conn, db::EmbeddedMigrations());
  if (!report) return core::Fail(report.error());
  core::log::Info("migrations")
      .Int("applied", static_cast<std::int64_t>(report->applied.size()))
      .Int("schema_version", report->current_version)
      .Emit();
  return database;
}

}  // namespace imedic::app
