// What the handlers share: the database pool, the master keys and the
// process facts.
#pragma once

#include <string>

#include "core/keyring.hpp"
#include "db/pool.hpp"

namespace imedic::identity {
class IdentityService;
}  // namespace imedic::identity

namespace imedic::app {

struct Services {
  db::Pool& pool;
  std::string version;
  const core::Keyring& keys;
  identity::IdentityService& identity;
  // The npm assets of the API reference page (/docs).
  std::string web_assets_dir{};
};

}  // namespace imedic::app
