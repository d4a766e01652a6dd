// `imedic user create-admin`: bootstraps the first administrator (who then
// manages everyone else over the API). The password comes from
// IMEDIC_ADMIN_PASSWORD or the first line of standard input, never argv.
#pragma once

#include <CLI/CLI.hpp>

#include "core/config.hpp"

namespace imedic::app {

CLI::App* AddUserCommand(CLI::App& cli);
int RunUserCommand(CLI::App* user, const core::Config& config);

}  // namespace imedic::app
