#include "domains/care/trip_list.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/sql/queries.hpp"
#include "http/query_string.hpp"
#include "records/common_fields.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

constexpr int kDefaultLimit = 50;
constexpr PageRules kPaging{"arrival.asc,id.asc", 200, core::IsUuid};

struct TripQuery {
  Page page{kDefaultLimit, std::nullopt};
  std::optional<std::string> visa_status, provider, patient, from, before;
};

core::Result<TripQuery> ReadTripQuery(
    const std::vector<std::pair<std::string, std::string>>& query) {
  TripQuery q;
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : query) {
    if (ReadPageParam(key, value, kPaging, q.page, errors)) continue;
    if (key == "visa_status") {
      if (value != "not_needed" && value != "needed" && value != "applied" && value != "approved" &&
          value != "refused") {
        errors.push_back({key, "not_needed, needed, applied, approved or refused"});
      }
      q.visa_status = value;
    } else if (key == "provider_id" || key == "patient_profile_id") {
      if (!core::IsUuid(value)) errors.push_back({key, "a UUID"});
      (key == "provider_id" ? q.provider : q.patient) = value;
    } else if (key == "arriving_from" || key == "arriving_before") {
      if (!IsIsoDateTime(value, true)) {
        errors.push_back({key, "an RFC 3339 date-time with Z or an offset"});
      }
      (key == "arriving_from" ? q.from : q.before) = value;
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  return q;
}

core::Result<Response> ListTrips(db::Pool& pool, RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  auto q = ReadTripQuery(*query);
  if (!q) return core::Fail(q.error());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kListTrips,
      db::Params{c.user_id, c.scopes, q->visa_status, q->provider, q->patient, q->from, q->before,
                 q->page.after_at(), q->page.after_key(), q->page.limit + 1});
  if (!r) return core::Fail(r.error());
  json items = json::array();
  const int limit = q->page.limit;
  const int shown = std::min(r->rows(), limit);
  for (int i = 0; i < shown; ++i) items.push_back(json::parse(r->Get(i, 0)));
  json next = nullptr;
  if (r->rows() > limit) {
    const int last = limit - 1;
    next = NextLink(
        "/travel", *query,
        records::EncodeCursor({std::string(r->Get(last, 1)), std::string(r->Get(last, 2))},
                              kPaging.order));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

// What the board shows of a trip (documentation of the answer).
const records::Resource& TripResource() {
  using records::FieldType;
  using records::ServerField;
  static const records::Resource r{
      .name = "Trip",
      .table = "travel_arrangements",
      .description = "A travel arrangement on the arrivals board",
      .fields = {
          records::IdField(),
          ServerField("booking_id", FieldType::kUuid, "The booking", false),
          ServerField("booking_reference", FieldType::kString, "BK-YYYY-NNNNNN", false),
          ServerField("booking_status", FieldType::kString, "The booking's status", false),
          ServerField("patient_profile_id", FieldType::kUuid, "The patient", false),
          ServerField("provider_id", FieldType::kUuid, "The clinic", false),
          ServerField("procedure_starts_at", FieldType::kTimestamp, "When the procedure starts"),
          ServerField("timezone", FieldType::kString, "The clinic's zone", false),
          ServerField("arrives_at", FieldType::kTimestamp,
                      "The last inbound flight's landing (null: no flight yet)"),
          ServerField("departs_at", FieldType::kTimestamp, "The first outbound flight's departure"),
          records::ServerEnum("visa_status",
                              {"not_needed", "needed", "applied", "approved", "refused"},
                              "Where visa assistance stands"),
          ServerField("airport_transfer", FieldType::kBool, "Transfers included"),
          ServerField("problems", FieldType::kJson,
                      "What check_travel finds: no_inbound_flight, arrival_after_procedure, "
                      "no_outbound_flight, departure_before_recovery, hotel_gap"),
      }};
  return r;
}

const std::vector<http::DocParam> kTripParams = {
    {"arriving_from", "string", "arrival at or after this instant (RFC 3339)"},
    {"arriving_before", "string", "arrival before this instant (RFC 3339)"},
    {"visa_status", "string", "not_needed, needed, applied, approved or refused"},
    {"provider_id", "string", "only this clinic's trips"},
    {"patient_profile_id", "string", "only this patient's trips"},
    {"limit", "integer", "page size, 1–200 (default 50)"},
    {"cursor", "string", "the `next` link's cursor"},
};

}  // namespace

void RegisterTripList(http::Router& router, db::Pool& pool) {
  http::RouteDoc doc{&TripResource(), http::DocShape::kNone, http::DocShape::kPage, 200};
  doc.query = &kTripParams;
  router.Add({"GET", "/travel", [&pool](RequestContext& ctx) { return ListTrips(pool, ctx); },
              "travel.read", "none",
              "The arrivals board: travel arrangements in the caller's care scope by arrival in "
              "Istanbul, with check_travel's problems (keyset pages)",
              http::BodyKind::kNone, http::RowKind::kNone, doc})
      << http::Documents{422};
}

}  // namespace imedic::care
