#include "app/cli_openapi.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include "app/application.hpp"
#include "app/docs_routes.hpp"
#include "app/version.hpp"

namespace imedic::app {

CLI::App* AddOpenApiCommand(CLI::App& cli) {
  auto* cmd = cli.add_subcommand(
      "openapi", "Print the OpenAPI 3.1 document of the API (as served at /openapi.json)");
  cmd->add_option("-o,--output", "Write to this file instead of stdout");
  return cmd;
}

int RunOpenApiCommand(CLI::App* openapi) {
  // The route table needs an assembled application, but nothing here opens
  // a connection (the pool connects on first use) or seals data with the key.
  ApplicationOptions options;
  options.version = kVersion;
  options.session_cache_entries = 0;  // no listener connection either
  auto keys = core::Keyring::FromBase64("openapi", std::string(43, 'A') + "=");
  if (!keys) throw std::runtime_error("openapi: keyring");
  Application app(std::move(options), std::move(*keys));
  const std::string text = OpenApiDocument(app.router(), kVersion).dump(2) + "\n";

  const auto* output = openapi->get_option("--output");
  if (output->count() == 0) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  const auto path = output->as<std::string>();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "imedic openapi: cannot write %s\n", path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace imedic::app
