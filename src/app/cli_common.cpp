#include "app/cli_common.hpp"

#include <cstdio>
#include <string>

#include "app/database.hpp"
#include "app/keys.hpp"

namespace imedic::app {

void PrintCliError(std::string_view command, const core::Error& e) {
  std::fprintf(stderr, "imedic %s: %s", std::string(command).c_str(), e.public_message.c_str());
  if (!e.internal_detail.empty()) std::fprintf(stderr, " (%s)", e.internal_detail.c_str());
  std::fprintf(stderr, "\n");
}

int RunWithDatabaseAndKeys(const core::Config& config, std::string_view command,
                           const std::function<int(db::Connection&, core::Keyring&)>& body) {
  auto keys = LoadKeyring(config);
  if (!keys) {
    PrintCliError(command, keys.error());
    return 2;
  }
  auto database = OpenAndMigrate(config);
  if (!database) {
    PrintCliError(command, database.error());
    return 2;
  }
  int rc = 2;
  {
    auto conn = db::Connection::Open(database->conninfo);
    if (conn) {
      rc = body(*conn, *keys);
    } else {
      PrintCliError(command, conn.error());
    }
  }  // the connection closes before an embedded cluster stops
  if (database->embedded) (void)database->embedded->Stop();
  return rc;
}

}  // namespace imedic::app
