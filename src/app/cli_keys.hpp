// `imedic keys rotate` and `imedic keys status`: the master keys that wrap the
// per-patient data keys (src/domains/privacy/data_keys.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include "core/config.hpp"

namespace imedic::app {

// Adds the `keys` command and its subcommands `rotate` and `status` to `cli`.
CLI::App* AddKeysCommand(CLI::App& cli);

// Runs whichever subcommand of `keys` was parsed, against the configured
// database (migrated first).
//   rotate: appends a fresh master key to the key file (it becomes the active
//           key; old keys stay so old data still opens), re-wraps every data
//           key under it and prints the counts (exit 0). Refused (exit 2) when
//           the master key comes from IMEDIC_MASTER_KEY: rotating that key is
//           the operator's job in the secret store it comes from.
//   status: prints the ring's key ids, the active one, and how many data
//           keys are wrapped under each id (exit 0; exit 1 when some data
//           keys name a master key the ring does not hold).
// Exit 2 when the database or the keyring cannot be opened.
int RunKeysCommand(CLI::App* keys, const core::Config& config);

}  // namespace imedic::app
