// imedic: parse the command line, load the configuration, run a subcommand.
#include <cstdio>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/cli_audit.hpp"
#include "app/cli_common.hpp"
#include "app/cli_keys.hpp"
#include "app/cli_openapi.hpp"
#include "app/cli_scoring.hpp"
#include "app/cli_user.hpp"
#include "app/database.hpp"
#include "app/serve.hpp"
#include "app/version.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "core/password_worker.hpp"
#include "core/random.hpp"
#include "db/connection.hpp"
#include "seed/seeder.hpp"

namespace {

using imedic::core::Config;

int RunMigrate(const Config& config) {
  auto database = imedic::app::OpenAndMigrate(config);
  if (!database) {
    std::fprintf(stderr, "imedic migrate: %s\n", database.error().public_message.c_str());
    return 1;
  }
  return 0;
}

// The accounts a newcomer can sign in as (demo data only; never in production).
void PrintPersonas(const imedic::seed::SeedReport& report) {
  if (report.personas.empty()) return;
  std::printf("\ndemo personas (password %s; staff also a TOTP code from the secret):\n",
              report.demo_password.c_str());
  for (const imedic::seed::DemoPersona& p : report.personas) {
    std::printf("  %-18s %-36s %s\n", p.role.c_str(), p.email.c_str(),
                p.totp_base32.empty() ? "(no second factor)" : p.totp_base32.c_str());
  }
}

// With the master keys: the seeded patients' data keys are wrapped with the
// active one, as the records API expects (docs/encryption.md).
int RunSeed(const Config& config, imedic::seed::SeedOptions options) {
  options.progress = [](const std::string& line) {
    std::fprintf(stderr, "seed: %s\n", line.c_str());
  };
  return imedic::app::RunWithDatabaseAndKeys(
      config, "seed", [&options](imedic::db::Connection& conn, imedic::core::Keyring& keys) {
        auto report = imedic::seed::SeedDemo(conn, keys, options);
        if (!report) {
          imedic::app::PrintCliError("seed", report.error());
          return 1;
        }
        if (report->skipped) {
          std::printf("database already holds data; nothing seeded (--if-empty)\n");
          PrintPersonas(*report);
          return 0;
        }
        for (const auto& [table, rows] : report->rows_per_table) {
          std::printf("%-28s %12lld\n", table.c_str(), static_cast<long long>(rows));
        }
        std::printf("seeded in %.1f s\n", report->seconds);
        PrintPersonas(*report);
        return 0;
      });
}

int Run(int argc, char** argv) {
  CLI::App cli{
      "imedic: the medical-tourism platform server.\n"
      "Configuration comes from environment variables (see README: DATABASE_URL, "
      "IMEDIC_PORT, IMEDIC_DATA_DIR, ...)."};
  cli.set_version_flag("--version", imedic::app::kVersion);
  cli.require_subcommand(1);

  auto* serve = cli.add_subcommand(
      "serve",
      "Run the HTTP server (embedded PostgreSQL unless DATABASE_URL is set); "
      "migrates on start");
  auto* migrate = cli.add_subcommand("migrate", "Apply pending schema migrations and exit");

  imedic::seed::SeedOptions seed_options;
  bool demo = false;
  auto* seed = cli.add_subcommand("seed", "Fill the database with generated data");
  seed->add_flag("--demo", demo, "Generate the demo data set (required)")->required();
  seed->add_option("--scale", seed_options.scale, "Multiply every volume by N")
      ->check(CLI::Range(1, 100000));
  seed->add_option("--seed", seed_options.seed, "Seed of the deterministic generator");
  seed->add_flag("--if-empty", seed_options.if_empty,
                 "Do nothing when the database already holds users");

  // `imedic audit verify|seal` (src/app/cli_audit.hpp).
  auto* audit = imedic::app::AddAuditCommand(cli);
  // `imedic user create-admin` (src/app/cli_user.hpp).
  auto* user = imedic::app::AddUserCommand(cli);
  // `imedic keys rotate|status` (src/app/cli_keys.hpp).
  auto* keys = imedic::app::AddKeysCommand(cli);
  // `imedic openapi` (src/app/cli_openapi.hpp).
  auto* openapi = imedic::app::AddOpenApiCommand(cli);
  // `imedic scoring train` (src/app/cli_scoring.hpp).
  auto* scoring = imedic::app::AddScoringCommand(cli);
  // The server's argon2id child process (src/core/password_worker.hpp); not
  // for people, so it is left out of --help.
  auto* password_worker = cli.add_subcommand("password-worker", "");
  password_worker->group("");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);  // --help, --version, or a usage error with its message
  }

  try {
    imedic::core::InitCrypto();
    // Started by the server with an empty environment: no configuration to load.
    if (password_worker->parsed()) return imedic::core::RunPasswordWorker(0, 1, 19);
    auto config = imedic::core::LoadConfigFromEnv();
    if (!config) {
      std::fprintf(stderr, "imedic: %s\n", config.error().public_message.c_str());
      return 2;
    }
    imedic::core::log::SetLevel(config->log_level);
    if (serve->parsed()) return imedic::app::Serve(*config);
    if (migrate->parsed()) return RunMigrate(*config);
    if (seed->parsed()) return RunSeed(*config, seed_options);
    if (audit->parsed()) return imedic::app::RunAuditCommand(audit, *config);
    if (user->parsed()) return imedic::app::RunUserCommand(user, *config);
    if (keys->parsed()) return imedic::app::RunKeysCommand(keys, *config);
    if (openapi->parsed()) return imedic::app::RunOpenApiCommand(openapi);
    if (scoring->parsed()) return imedic::app::RunScoringCommand(scoring, *config);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "imedic: fatal: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

// Building the command line can throw as well (out of memory, a bad option
// definition): report it like any other fatal error instead of aborting.
int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "imedic: fatal: %s\n", e.what());
    return 1;
  }
}
