// `Prefer: count=estimated`: the planner's row estimate for a SELECT, from
// EXPLAIN (FORMAT JSON), instead of a slow exact count on a big table.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "db/params.hpp"

namespace imedic::db {

// The "Plan Rows" of the top plan node of `select_sql` run with `params`
// (the statement is planned, never executed). Only as good as the table's
// statistics: run ANALYZE (or let autovacuum) for a meaningful number.
core::Result<std::int64_t> EstimateCount(Connection& conn, const std::string& select_sql,
                                         const Params& params);

}  // namespace imedic::db
