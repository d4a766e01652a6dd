// Liveness, readiness and version endpoints.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace imedic::app {

// GET /healthz: the process is alive and serving (never touches the database).
core::Result<http::Response> Healthz(http::RequestContext& ctx);
// GET /readyz: PostgreSQL answers and its schema is this binary's; else 503.
core::Result<http::Response> Readyz(Services& services, http::RequestContext& ctx);
// GET /version: build version and the schema version it expects.
core::Result<http::Response> Version(Services& services, http::RequestContext& ctx);

}  // namespace imedic::app
