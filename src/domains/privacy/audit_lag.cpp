#include "domains/privacy/audit_lag.hpp"

#include "db/typed_get.hpp"
#include "domains/privacy/sql/queries.hpp"

namespace imedic::privacy {

core::Result<SealingLag> ReadSealingLag(db::Connection& conn) {
  auto r = conn.Execute(sql::kAuditSealingLag);
  if (!r) return core::Fail(r.error());
  auto unsealed = db::GetInt64(*r, 0, 0);
  auto oldest_ms = db::GetInt64(*r, 0, 1);
  if (!unsealed || !oldest_ms) {
    return core::Fail(core::Error::Internal("unexpected sealing lag row"));
  }
  return SealingLag{.unsealed = *unsealed,
                    .oldest_unsealed_age = static_cast<double>(*oldest_ms) / 1000.0};
}

}  // namespace imedic::privacy
