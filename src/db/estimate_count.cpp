#include "db/estimate_count.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace imedic::db {

core::Result<std::int64_t> EstimateCount(Connection& conn, const std::string& select_sql,
                                         const Params& params) {
  auto r = conn.ExecParams("EXPLAIN (FORMAT JSON) " + select_sql, params);
  if (!r) return core::Fail(r.error());
  if (r->rows() < 1 || r->cols() < 1) return core::Fail(core::Error::Internal("EXPLAIN: no plan"));
  nlohmann::json plan = nlohmann::json::parse(r->Get(0, 0), nullptr, /*allow_exceptions=*/false);
  if (!plan.is_array() || plan.empty() || !plan[0].is_object() || !plan[0].contains("Plan") ||
      !plan[0]["Plan"].is_object() || !plan[0]["Plan"].contains("Plan Rows") ||
      !plan[0]["Plan"]["Plan Rows"].is_number()) {
    return core::Fail(core::Error::Internal("EXPLAIN: unexpected plan shape"));
  }
  double rows = plan[0]["Plan"]["Plan Rows"].get<double>();
  if (!(rows >= 0)) return core::Fail(core::Error::Internal("EXPLAIN: bad row estimate"));
  return static_cast<std::int64_t>(std::llround(rows));
}

}  // namespace imedic::db
