#include "app/cli_user.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/application.hpp"
#include "app/database.hpp"
#include "app/keys.hpp"
#include "core/contact.hpp"
#include "core/password.hpp"

namespace imedic::app {

namespace {

struct CreateAdminArgs {
  std::string email;
  std::string first_name = "Platform";
  std::string last_name = "Administrator";
};

CreateAdminArgs& Args() {
  static CreateAdminArgs args;
  return args;
}

}  // namespace

CLI::App* AddUserCommand(CLI::App& cli) {
  auto* user = cli.add_subcommand("user", "Manage accounts from the command line");
  user->require_subcommand(1);
  auto* create = user->add_subcommand(
      "create-admin",
      "Create an administrator (password from IMEDIC_ADMIN_PASSWORD or standard input); "
      "the admin enrols TOTP at first sign-in");
  create->add_option("--email", Args().email, "The administrator's email")->required();
  create->add_option("--first-name", Args().first_name, "First name");
  create->add_option("--last-name", Args().last_name, "Last name");
  return user;
}

int RunUserCommand(CLI::App* user, const core::Config& config) {
  if (!user->got_subcommand("create-admin")) return 2;
  auto email = core::NormalizeEmail(Args().email);
  if (!email) {
    std::fprintf(stderr, "imedic user create-admin: --email is not a valid email address\n");
    return 2;
  }
  std::string password;
  if (const char* env = std::getenv("IMEDIC_ADMIN_PASSWORD"); env && *env) {
    password = env;
  } else {
    std::getline(std::cin, password);
  }
  // Trimmed like every JSON string the API reads, so sign-in matches.
  auto not_space = [](unsigned char c) {
    return !(c == ' ' || c == '\t' || c == '\r' || c == '\n');
  };
  password.erase(password.begin(), std::find_if(password.begin(), password.end(), not_space));
  password.erase(std::find_if(password.rbegin(), password.rend(), not_space).base(),
                 password.end());
  if (auto problem = core::PasswordProblem(password)) {
    std::fprintf(stderr, "imedic user create-admin: password %s\n", problem->c_str());
    return 2;
  }
  auto database = OpenAndMigrate(config);
  if (!database) {
    std::fprintf(stderr, "imedic user create-admin: %s\n", database.error().public_message.c_str());
    return 1;
  }
  auto keys = LoadKeyring(config);
  if (!keys) {
    std::fprintf(stderr, "imedic user create-admin: %s\n", keys.error().public_message.c_str());
    return 1;
  }
  auto options = OptionsFromConfig(config, database->conninfo);
  if (!options) {
    std::fprintf(stderr, "imedic user create-admin: %s\n", options.error().public_message.c_str());
    return 1;
  }
  options->pool_size = 1;
  options->session_cache_entries = 0;  // one command, no requests to serve
  Application app(std::move(*options), std::move(*keys));
  auto id = app.identity().CreateStaffUser(*email, "admin", Args().first_name, Args().last_name,
                                           password, {"admin"}, std::nullopt, "system",
                                           {"cli", std::nullopt, std::nullopt});
  if (!id) {
    std::fprintf(stderr, "imedic user create-admin: %s\n", id.error().public_message.c_str());
    return 1;
  }
  std::printf("administrator %s created (id %s); sign in and enrol TOTP at POST /auth/mfa/totp\n",
              email->c_str(), id->c_str());
  return 0;
}

}  // namespace imedic::app
