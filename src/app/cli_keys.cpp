#include "app/cli_keys.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "app/cli_common.hpp"
#include "app/database.hpp"
#include "app/keys.hpp"
#include "db/connection.hpp"
#include "db/typed_get.hpp"
#include "domains/privacy/data_keys.hpp"

namespace imedic::app {

namespace {

void PrintError(const char* what, const core::Error& e) {
  PrintCliError(std::string("keys ") + what, e);
}

// The key ids of the ring, oldest first. The Keyring does not list its ids,
// so they are read from the key file's lines ("<id> <base64>"); only the id
// is looked at, and only ids the loaded ring holds are kept.
std::vector<std::string> RingIds(const core::Config& config, const core::Keyring& ring) {
  std::vector<std::string> ids;
  if (config.master_key) {
    ids.push_back(ring.active().id);
    return ids;
  }
  std::ifstream in(config.KeyFile());
  std::string line;
  while (std::getline(in, line)) {
    std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    std::size_t end = line.find_first_of(" \t", start);
    std::string id = line.substr(start, end == std::string::npos ? end : end - start);
    if (ring.Find(id) != nullptr) ids.push_back(std::move(id));
  }
  if (ids.empty()) ids.push_back(ring.active().id);
  return ids;
}

int Status(db::Connection& conn, const core::Config& config, const core::Keyring& ring) {
  auto counts = privacy::CountDataKeysByMaster(conn);
  if (!counts) {
    PrintError("status", counts.error());
    return 2;
  }
  auto ids = RingIds(config, ring);
  std::printf("master keys (%s): %zu\n",
              config.master_key ? "IMEDIC_MASTER_KEY" : config.KeyFile().c_str(), ids.size());
  for (const auto& id : ids) {
    auto it = counts->find(id);
    long long n = it == counts->end() ? 0 : it->second;
    std::printf("  %s%s: %lld data keys\n", id.c_str(), id == ring.active().id ? " (active)" : "",
                n);
  }
  std::printf("active: %s\n", ring.active().id.c_str());
  int rc = 0;
  long long stale = 0;
  for (const auto& [id, n] : *counts) {
    if (id != ring.active().id) stale += n;
    if (ring.Find(id) == nullptr) {
      std::printf("  %s (NOT IN THE KEYRING): %lld data keys cannot be unwrapped\n", id.c_str(), n);
      rc = 1;
    }
  }
  if (stale > 0) {
    std::printf("%lld data keys not yet under the active key (run `imedic keys rotate`)\n", stale);
  }
  return rc;
}

int Rotate(db::Connection& conn, const core::Config& config, core::Keyring& ring) {
  const std::string old_active = ring.active().id;
  if (auto appended = ring.AppendNewKeyToFile(config.KeyFile()); !appended) {
    PrintError("rotate", appended.error());
    return 2;
  }
  std::printf("new active master key: %s (was %s) in %s\n", ring.active().id.c_str(),
              old_active.c_str(), config.KeyFile().c_str());
  std::printf("back up the key file now: it holds every key, old and new\n");
  auto rewrapped = privacy::RewrapAll(conn, ring);
  if (!rewrapped) {
    PrintError("rotate", rewrapped.error());
    std::fprintf(stderr,
                 "the new key is in place; `imedic keys status` shows what is left to re-wrap\n");
    return 1;
  }
  std::printf("re-wrapped %d data keys\n", *rewrapped);
  auto counts = privacy::CountDataKeysByMaster(conn);
  if (counts) {
    long long under_active = 0;
    long long others = 0;
    for (const auto& [id, n] : *counts) (id == ring.active().id ? under_active : others) += n;
    std::printf("data keys under %s: %lld, under older keys: %lld\n", ring.active().id.c_str(),
                under_active, others);
  }
  return 0;
}

}  // namespace

CLI::App* AddKeysCommand(CLI::App& cli) {
  auto* keys = cli.add_subcommand("keys",
                                  "Rotate or inspect the master keys of encryption at rest");
  keys->require_subcommand(1);
  keys->add_subcommand("rotate",
                       "Append a new master key to the key file and re-wrap every patient data "
                       "key under it (encrypted data is not rewritten)");
  keys->add_subcommand("status",
                       "List the master key ids, the active one, and how many data keys each "
                       "wraps");
  return keys;
}

int RunKeysCommand(CLI::App* keys, const core::Config& config) {
  const bool rotate = keys->get_subcommand("rotate")->parsed();
  const char* what = rotate ? "rotate" : "status";
  if (rotate && config.master_key) {
    std::fprintf(stderr,
                 "imedic keys rotate: the master key comes from IMEDIC_MASTER_KEY, not a key "
                 "file; rotate it in your secret store instead (this command only rotates the "
                 "key file %s)\n",
                 config.KeyFile().c_str());
    return 2;
  }
  return RunWithDatabaseAndKeys(config, std::string("keys ") + what,
                                [rotate, &config](db::Connection& conn, core::Keyring& ring) {
                                  return rotate ? Rotate(conn, config, ring)
                                                : Status(conn, config, ring);
                                });
}

}  // namespace imedic::app
