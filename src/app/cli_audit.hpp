// `imedic audit verify` and `imedic audit seal`.
#pragma once

#include <CLI/CLI.hpp>

#include "core/config.hpp"

namespace imedic::app {

// Adds the `audit` command and its subcommands `verify` and `seal` to `cli`.
CLI::App* AddAuditCommand(CLI::App& cli);

// Runs whichever subcommand of `audit` was parsed, against the configured
// database (migrated first) with the configured keyring.
//   verify: walks the chain and prints "audit chain OK: N rows" (exit 0) or
//           the first problem naming the row (exit 1); seals nothing.
//   seal:   seals every pending committed row and prints how many (exit 0).
// Exit 2 when the database or the keyring cannot be opened.
int RunAuditCommand(CLI::App* audit, const core::Config& config);

}  // namespace imedic::app
