#include "app/health.hpp"

#include <nlohmann/json.hpp>

#include "db/migrator.hpp"

namespace imedic::app {

core::Result<http::Response> Healthz(http::RequestContext&) {
  return http::Response::Json(200, R"({"status":"ok"})");
}

core::Result<http::Response> Readyz(Services& services, http::RequestContext&) {
  auto conn = services.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto status = db::CheckMigrations(**conn, db::EmbeddedMigrations());
  if (!status) return core::Fail(status.error());
  if (!status->current) {
    core::Error e = core::Error::Unavailable("schema not current");
    e.public_message = "the database schema is not current: " + status->problem;
    return core::Fail(e);
  }
  nlohmann::json body = {
      {"status", "ready"}, {"database", "ok"}, {"migrations_applied", status->applied_count}};
  return http::Response::Json(200, body.dump());
}

core::Result<http::Response> Version(Services& services, http::RequestContext&) {
  auto migrations = db::EmbeddedMigrations();
  nlohmann::json body = {{"name", "imedic"},
                         {"version", services.version},
                         {"schema_version", migrations.empty() ? 0 : migrations.back().version}};
  return http::Response::Json(200, body.dump());
}

}  // namespace imedic::app
