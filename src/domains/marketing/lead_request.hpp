// What every lead route needs from a request: who calls (lead scope and
// audit facts), the paging parameters of the keyset lists (the care lists'
// grammar: `limit` and `cursor`, copied rather than shared so marketing does
// not depend on care) and the pipeline rules' refusals as answers naming the
// field at fault.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

struct LeadCaller {
  std::string user_id;
  std::string scope;  // lead_visible's scope: all, assigned or none
  std::string role;   // the audit row's actor role
  std::string request_id;
  std::optional<std::string> ip;
};
LeadCaller LeadCallerOf(const http::RequestContext& ctx);

// A keyset page over (a timestamp, a UUID): `limit` from 1 to `max_limit`
// and the `cursor` of a `next` link of the list ordered by `order`.
struct LeadPageRules {
  std::string_view order;
  int max_limit = 100;
};
struct LeadPage {
  int limit = 0;
  std::optional<std::string> after_at, after_id;
};
// Reads `key`=`value` into `page` when it is `limit` or `cursor` (a bad value
// is named in `errors`) and says so; false for any other parameter.
bool ReadLeadPageParam(std::string_view key, std::string_view value, const LeadPageRules& rules,
                       LeadPage& page, std::vector<core::FieldError>& errors);
// The cursor of the row (at, id) a page ended with.
std::string LeadCursor(std::string at, std::string id, const LeadPageRules& rules);
// A `next` link: `path` with the other query pairs kept and `cursor` set.
std::string LeadNextLink(std::string_view path,
                         const std::vector<std::pair<std::string, std::string>>& query,
                         const std::string& cursor);

// Whether `s` is an RFC 3339 instant with Z or an offset.
bool IsInstant(std::string_view s);

// A refusal by a pipeline rule (migration 0024, by constraint name) with a
// message that says what happened; other errors pass as they are.
core::Error ExplainLeadError(core::Error error);

}  // namespace imedic::marketing
