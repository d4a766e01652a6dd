#include "domains/marketing/lead_request.hpp"

#include <charconv>

#include "core/percent_encoding.hpp"
#include "core/rfc3339.hpp"
#include "core/uuid.hpp"
#include "records/list_query.hpp"

namespace imedic::marketing {

LeadCaller LeadCallerOf(const http::RequestContext& ctx) {
  const core::Principal& p = *ctx.principal;
  LeadCaller c{p.user_id, core::ScopeName(p.lead_scope), p.AuditRole(), ctx.request.request_id,
               std::nullopt};
  if (!ctx.request.remote_address.empty()) c.ip = ctx.request.remote_address;
  return c;
}

bool IsInstant(std::string_view s) {
  return s.size() <= 40 && core::ParseDateTime(std::string(s), core::DateTimeSyntax{}).has_value();
}

bool ReadLeadPageParam(std::string_view key, std::string_view value, const LeadPageRules& rules,
                       LeadPage& page, std::vector<core::FieldError>& errors) {
  if (key == "limit") {
    int n = 0;
    const char* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, n);
    if (value.empty() || ec != std::errc() || ptr != end || n < 1 || n > rules.max_limit) {
      errors.push_back(
          {std::string(key), "an integer from 1 to " + std::to_string(rules.max_limit)});
    } else {
      page.limit = n;
    }
    return true;
  }
  if (key == "cursor") {
    auto c = records::DecodeCursor(value);
    if (!c || c->order_signature != rules.order || c->values.size() != 2 ||
        !IsInstant(c->values[0]) || !core::IsUuid(c->values[1])) {
      errors.push_back({std::string(key), "not a cursor of this list"});
    } else {
      page.after_at = c->values[0];
      page.after_id = c->values[1];
    }
    return true;
  }
  return false;
}

std::string LeadCursor(std::string at, std::string id, const LeadPageRules& rules) {
  return records::EncodeCursor({std::move(at), std::move(id)}, rules.order);
}

std::string LeadNextLink(std::string_view path,
                         const std::vector<std::pair<std::string, std::string>>& query,
                         const std::string& cursor) {
  std::string link(path);
  char sep = '?';
  for (const auto& [k, v] : records::WithCursor(query, cursor)) {
    link.push_back(sep);
    sep = '&';
    link += core::PercentEncode(k) + "=" + core::PercentEncode(v);
  }
  return link;
}

core::Error ExplainLeadError(core::Error error) {
  struct Rule {
    std::string_view constraint;
    std::string_view message;
    std::string_view field;
  };
  static constexpr Rule kRules[] = {
      {"leads_stage_transition",
       "the lead cannot move to this stage from where it stands (one step along new → contacted "
       "→ qualified → consultation_booked → converted; lost and nurturing from any open stage; "
       "converted is final)",
       "stage"},
      {"leads_lost_reason_required", "losing a lead needs a reason", "reason"},
      {"leads_lost_reason_check", "1 to 1000 characters", "reason"},
      {"lead_activities_task_check", "only a task has a due time", "due_at"},
  };
  for (const Rule& r : kRules) {
    if (error.constraint != r.constraint) continue;
    core::Error e(error.code, std::string(r.message),
                  {{std::string(r.field), std::string(r.message)}},
                  std::move(error.internal_detail));
    e.constraint = std::string(r.constraint);
    return e;
  }
  return error;
}

}  // namespace imedic::marketing
