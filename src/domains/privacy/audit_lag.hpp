// How far the hash-chain sealer is behind, for monitoring (GET /metrics).
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "db/connection.hpp"

namespace imedic::privacy {

struct SealingLag {
  std::int64_t unsealed = 0;       // audit rows not yet in the chain
  double oldest_unsealed_age = 0;  // seconds
};

core::Result<SealingLag> ReadSealingLag(db::Connection& conn);

}  // namespace imedic::privacy
