// Which PostgreSQL the process talks to: DATABASE_URL when set, otherwise
// the embedded cluster under the data folder (started here, stopped when
// the returned handle goes away).
#pragma once

#include <memory>
#include <string>

#include "core/config.hpp"
#include "db/embedded_cluster.hpp"

namespace imedic::app {

struct Database {
  std::string conninfo;
  std::unique_ptr<db::EmbeddedCluster> embedded;  // null when DATABASE_URL is used
};

core::Result<Database> OpenDatabase(const core::Config& config);

// Opens the database and applies pending migrations (logging what it did).
core::Result<Database> OpenAndMigrate(const core::Config& config);

}  // namespace imedic::app
