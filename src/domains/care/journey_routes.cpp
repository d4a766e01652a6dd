#include "domains/care/journey_routes.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/consultation_resources.hpp"
#include "domains/care/sql/queries.hpp"
#include "http/query_string.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

constexpr int kDefaultLimit = 50;

// A timeline event's seq (a bigint identity): up to 18 digits.
bool IsSeq(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

constexpr PageRules kPaging{"created_at.asc,seq.asc", 200, IsSeq, "timeline"};

core::Result<Page> ReadPage(const std::vector<std::pair<std::string, std::string>>& query) {
  Page p{kDefaultLimit, std::nullopt};
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : query) {
    if (!ReadPageParam(key, value, kPaging, p, errors)) {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  return p;
}

core::Result<Response> Timeline(db::Pool& pool, RequestContext& ctx, std::string_view patient,
                                const std::string& path) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  auto page = ReadPage(*query);
  if (!page) return core::Fail(page.error());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kJourneyTimeline,
      db::Params{patient, c.user_id, c.scopes, page->after_at(), page->after_key(), page->limit + 1,
                 c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() == 0) return core::Fail(core::Error::NotFound());
  json items = json::array();
  int events = 0;
  for (int i = 0; i < r->rows(); ++i) {
    if (r->IsNull(i, 0)) continue;  // the patient has no (further) events
    ++events;
    if (events <= page->limit) items.push_back(json::parse(r->Get(i, 0)));
  }
  json next = nullptr;
  if (events > page->limit) {
    const int last = page->limit - 1;
    next = NextLink(
        path, *query,
        records::EncodeCursor({std::string(r->Get(last, 1)), std::string(r->Get(last, 2))},
                              kPaging.order));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

const std::vector<http::DocParam> kPageParams = {
    {"limit", "integer", "page size, 1–200 (default 50)"},
    {"cursor", "string", "the `next` link's cursor"},
};

// /me/journey is documented as a page of events; /patients/{id}/journey
// too, but without the resource (which would also document a 410 for the
// {id}, and a deleted patient is a 404 here).
http::RouteDoc TimelineDoc(bool with_resource) {
  http::RouteDoc d;
  if (with_resource) d.resource = &JourneyEventResource();
  d.response = with_resource ? http::DocShape::kPage : http::DocShape::kObject;
  d.query = &kPageParams;
  return d;
}

}  // namespace

void RegisterJourneyRoutes(http::Router& router, db::Pool& pool) {
  router.Add({"GET", "/me/journey",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                const auto& own = ctx.principal->patient_profile_id;
                if (!own) {
                  return core::Fail(
                      core::Error::NotFound("this account has no patient profile yet"));
                }
                return Timeline(pool, ctx, *own, "/me/journey");
              },
              "patients.read", "read", "The caller's own journey timeline, oldest event first",
              http::BodyKind::kNone, http::RowKind::kNone, TimelineDoc(true)})
      << http::Documents{404, 422};
  router.Add({"GET", "/patients/{id}/journey",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                std::string_view id = ctx.params.Get("id");
                if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
                return Timeline(pool, ctx, id, "/patients/" + std::string(id) + "/journey");
              },
              "patients.read", "read", "A patient's journey timeline, oldest event first",
              http::BodyKind::kNone, http::RowKind::kPatient, TimelineDoc(false)})
      << http::Documents{422};
}

}  // namespace imedic::care
