#include "domains/care/row_scope.hpp"

#include "domains/care/sql/queries.hpp"

namespace imedic::care {

core::Error UnlessOutOfScope(db::Pool& pool, ScopedRow row, std::string_view id,
                             const Caller& caller, core::Error invalid) {
  auto conn = pool.Acquire();
  if (!conn) return conn.error();
  const db::Query& statement = row == ScopedRow::kBooking ? sql::kBookingInScope
                                                          : sql::kConsultationInScope;
  auto seen = (*conn)->Execute(statement, db::Params{id, caller.user_id, caller.scopes});
  if (!seen) return seen.error();
  if (seen->Get(0, 0) != "t") return core::Error::NotFound();
  return invalid;
}

}  // namespace imedic::care
