// What the handlers share: the database pool and the process facts.
#pragma once

#include <string>

#include "db/pool.hpp"

namespace imedic::app {

struct Services {
  db::Pool& pool;
  std::string version;
};

}  // namespace imedic::app
