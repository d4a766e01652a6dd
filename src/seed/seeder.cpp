// Placeholder until the seed generator lands (being written now).
#include "seed/seeder.hpp"

namespace imedic::seed {
core::Result<SeedReport> SeedDemo(db::Connection&, const SeedOptions&) {
  return core::Fail(core::Error::Internal("seed generator not built yet"));
}
}  // namespace imedic::seed
