#include "db/transaction.hpp"

#include <string>

namespace imedic::db {

Transaction::~Transaction() {
  if (open_ && !conn_.IsBroken()) (void)conn_.Exec("ROLLBACK");
}

core::Result<void> Transaction::Begin(const char* isolation) {
  // The isolation level comes from a fixed set of literals in our code.
  auto r = conn_.Exec(std::string("BEGIN ISOLATION LEVEL ") + isolation);
  if (!r) return core::Fail(r.error());
  open_ = true;
  return {};
}

core::Result<void> Transaction::Commit() {
  auto r = conn_.Exec("COMMIT");
  open_ = false;
  if (!r) return core::Fail(r.error());
  return {};
}

}  // namespace imedic::db
