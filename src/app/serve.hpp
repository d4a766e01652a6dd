// `imedic serve`: database, migrations, pool, routes, HTTP server.
#pragma once

#include "core/config.hpp"

namespace imedic::app {

// Runs until SIGINT/SIGTERM; returns the process exit code.
int Serve(const core::Config& config);

}  // namespace imedic::app
