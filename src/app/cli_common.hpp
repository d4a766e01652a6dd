// What the maintenance subcommands (audit, keys, seed) share: error printing and
// running against the migrated database with the master keys loaded.
#pragma once

#include <functional>
#include <string_view>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/connection.hpp"

namespace imedic::app {

// "imedic <command>: <message> (<detail>)" on stderr.
void PrintCliError(std::string_view command, const core::Error& e);

// Loads the keys, opens and migrates the database, runs `body` on one
// connection (with the keyring it loaded, which `keys rotate` extends), then
// stops an embedded cluster it started. Returns body's
// exit code, or 2 when setting up fails (printed under `command`).
int RunWithDatabaseAndKeys(const core::Config& config, std::string_view command,
                           const std::function<int(db::Connection&, core::Keyring&)>& body);

}  // namespace imedic::app
