// `imedic openapi`: prints the OpenAPI 3.1 document of this binary's route
// table (the same document GET /openapi.json serves), for linters, client
// generators and docs builds. It needs no database and no keys.
#pragma once

#include <CLI/CLI.hpp>

namespace imedic::app {

// Adds the `openapi` command (option `--output <file>`; stdout by default).
CLI::App* AddOpenApiCommand(CLI::App& cli);

// Writes the document, indented. Exit 0, or 1 when the file cannot be written.
int RunOpenApiCommand(CLI::App* openapi);

}  // namespace imedic::app
