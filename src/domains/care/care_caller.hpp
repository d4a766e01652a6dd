// Who is calling a care route, as the SQL functions and audit rows want it,
// and the care rules' refusals (docs/care-journey-schema.md, by constraint
// name) as answers that name the field at fault.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/router.hpp"

namespace imedic::care {

struct Caller {
  std::string user_id;
  std::string scopes;  // care_row_visible's scope set, e.g. "provider,assigned"
  std::string request_id;
  std::optional<std::string> ip;
  std::string role;  // the audit row's actor role
};

Caller CallerOf(const http::RequestContext& ctx);

// A database refusal of a booking or ledger rule, rewritten to say what was
// refused; `slot` is the slot a booking attempt named (for the capacity
// answer). Other errors pass unchanged.
core::Error ExplainCareError(core::Error error, std::string_view slot = {});

}  // namespace imedic::care
