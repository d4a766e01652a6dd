#include "domains/care/travel_routes.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/itinerary_calendar.hpp"
#include "domains/care/sql/queries.hpp"
#include "domains/care/travel_resources.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::care {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

// ---------------------------------------------------------------------------
// The rows under an arrangement. Their writes and their rendering are
// composed from one description per table (as the booking list composes its
// statement), so the four kinds cannot drift apart; every value is bound
// ($7, the validated body as JSON), never spliced.
// ---------------------------------------------------------------------------

struct Column {
  const char* name;
  const char* cast;      // SQL type the JSON text is cast to
  const char* fallback;  // on create, when the body leaves it out (nullptr: NULL)
};

struct LegKind {
  const char* segment;  // /bookings/{id}/travel/<segment>, /travel/<segment>/{id}
  const records::Resource& (*resource)();
  const char* table;
  std::vector<Column> columns;
  const char* local_json;    // fields added to the row's JSON (local wall times), alias x
  const char* order;         // order of the rows in the arrangement's read, alias x
  const char* details_json;  // journey event details beyond the ids, alias x
  const char* created;       // journey event types (stage 'travel')
  const char* updated;
  const char* deleted;
  const char* noun;  // for summaries
};

const std::vector<LegKind>& Kinds() {
  static const std::vector<LegKind> kinds = {
      {"flights",
       &TravelFlightResource,
       "travel_flights",
       {{"direction", "text", nullptr},
        {"flight_number", "text", nullptr},
        {"departure_airport", "text", nullptr},
        {"arrival_airport", "text", nullptr},
        {"departs_at", "timestamptz", nullptr},
        {"departure_timezone", "text", nullptr},
        {"arrives_at", "timestamptz", nullptr},
        {"arrival_timezone", "text", nullptr}},
       "jsonb_build_object('departs_local', to_char(x.departs_at AT TIME ZONE "
       "x.departure_timezone, 'YYYY-MM-DD\"T\"HH24:MI:SS'), 'arrives_local', "
       "to_char(x.arrives_at AT TIME ZONE x.arrival_timezone, 'YYYY-MM-DD\"T\"HH24:MI:SS'))",
       "x.departs_at, x.id",
       "jsonb_build_object('flight_number', x.flight_number, 'direction', x.direction, "
       "'departs_at', x.departs_at, 'arrives_at', x.arrives_at)",
       "flight_booked",
       "flight_changed",
       "flight_cancelled",
       "flight leg"},
      {"hotel-stays",
       &TravelHotelStayResource,
       "travel_hotel_stays",
       {{"hotel_name", "text", nullptr},
        {"address", "text", nullptr},
        {"check_in", "date", nullptr},
        {"check_out", "date", nullptr},
        {"timezone", "text", "t.clinic_zone"},
        {"confirmation_number", "text", nullptr}},
       "'{}'::jsonb",
       "x.check_in, x.id",
       "jsonb_build_object('hotel_name', x.hotel_name, 'check_in', x.check_in, 'check_out', "
       "x.check_out)",
       "hotel_booked",
       "hotel_changed",
       "hotel_cancelled",
       "hotel stay"},
      {"transfers",
       &TravelTransferResource,
       "travel_transfers",
       {{"kind", "text", nullptr},
        {"pickup_at", "timestamptz", nullptr},
        {"timezone", "text", "t.clinic_zone"},
        {"pickup_place", "text", nullptr},
        {"dropoff_place", "text", nullptr}},
       "jsonb_build_object('pickup_local', to_char(x.pickup_at AT TIME ZONE x.timezone, "
       "'YYYY-MM-DD\"T\"HH24:MI:SS'))",
       "x.pickup_at, x.id",
       "jsonb_build_object('kind', x.kind, 'pickup_at', x.pickup_at)",
       "transfer_arranged",
       "transfer_changed",
       "transfer_cancelled",
       "transfer"},
      {"companions",
       &TravelCompanionResource,
       "travel_companions",
       {{"full_name", "text", nullptr}, {"relationship", "text", nullptr}},
       "'{}'::jsonb",
       "x.created_at, x.id",
       "'{}'::jsonb",
       "companion_added",
       "companion_changed",
       "companion_removed",
       "companion"},
  };
  return kinds;
}

std::string Render(const LegKind& k) {
  return "(to_jsonb(x) - 'deleted' || " + std::string(k.local_json) + ")";
}

// The audit row and journey event of a change to a row `x` of the
// arrangement `t` (t.id, t.patient, t.booking); $2 caller, $4 request id,
// $5 ip, $6 caller role.
std::string AuditAndEvent(const LegKind& k, const char* action, const char* event,
                          const std::string& changed_columns) {
  const std::string table(k.table);
  return "audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, "
         "subject_patient_profile_id, request_id, ip, changed_columns) SELECT $2::uuid, $6, '" +
         std::string(action) + "', '" + table + "', x.id::text, t.patient, $4, $5::inet, " +
         changed_columns +
         " FROM changed x, t), "
         "event AS (SELECT record_journey_event(t.patient, 'travel', '" +
         std::string(event) +
         "', $2::uuid, jsonb_build_object('booking_id', t.booking, 'travel_arrangement_id', t.id, "
         "'row_id', x.id) || " +
         k.details_json +
         ") AS id FROM changed x, t) "
         "SELECT " +
         Render(k) + "::text, (SELECT count(*) FROM event) FROM changed x";
}

// $1 booking, $2 caller, $3 scopes, $4 request id, $5 ip, $6 role, $7 body.
std::string InsertSql(const LegKind& k) {
  std::string names;
  std::string values;
  for (const Column& c : k.columns) {
    const std::string value = "($7::jsonb->>'" + std::string(c.name) + "')::" + c.cast;
    names += ", " + std::string(c.name);
    values += ", " +
              (c.fallback != nullptr ? "coalesce(" + value + ", " + c.fallback + ")" : value);
  }
  return "WITH t AS MATERIALIZED (SELECT ta.id, b.id AS booking, b.patient_profile_id AS patient, "
         "b.timezone AS clinic_zone FROM travel_arrangements ta JOIN bookings b ON b.id = "
         "ta.booking_id AND b.deleted IS NOT TRUE WHERE ta.booking_id = $1::uuid AND ta.deleted "
         "IS NOT TRUE AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3) "
         "ORDER BY ta.created_at, ta.id LIMIT 1), "
         "changed AS (INSERT INTO " +
         std::string(k.table) + " (travel_arrangement_id" + names + ") SELECT t.id" + values +
         " FROM t RETURNING *), " + AuditAndEvent(k, "create", k.created, "NULL");
}

// The row `$1` and its arrangement in the caller's scope, locked.
std::string TargetCte(const LegKind& k) {
  return "WITH t AS MATERIALIZED (SELECT x.id AS row_id, ta.id, b.id AS booking, "
         "b.patient_profile_id AS patient FROM " +
         std::string(k.table) +
         " x JOIN travel_arrangements ta ON ta.id = x.travel_arrangement_id AND ta.deleted IS NOT "
         "TRUE JOIN bookings b ON b.id = ta.booking_id AND b.deleted IS NOT TRUE WHERE x.id = "
         "$1::uuid AND NOT x.deleted AND care_row_visible(b.provider_id, b.patient_profile_id, "
         "$2::uuid, $3) FOR NO KEY UPDATE OF x), ";
}

// $1 row, …, $7 merge patch (absent = unchanged, null = cleared).
std::string UpdateSql(const LegKind& k) {
  std::string sets;
  for (const Column& c : k.columns) {
    const std::string name(c.name);
    if (!sets.empty()) sets += ", ";
    sets += name + " = CASE WHEN $7::jsonb ? '" + name + "' THEN ($7::jsonb->>'" + name +
            "')::" + c.cast + " ELSE x." + name + " END";
  }
  return TargetCte(k) + "changed AS (UPDATE " + std::string(k.table) + " x SET " + sets +
         " FROM t WHERE x.id = t.row_id RETURNING x.*), " +
         AuditAndEvent(k, "update", k.updated,
                       "ARRAY(SELECT jsonb_object_keys($7::jsonb) ORDER BY 1)");
}

// $1 row, …, $7 the empty object: a soft delete. The audit row names the
// column it sets (the keys of $7 with `deleted`, as a patch's name theirs).
std::string DeleteSql(const LegKind& k) {
  return TargetCte(k) + "changed AS (UPDATE " + std::string(k.table) +
         " x SET deleted = TRUE FROM t WHERE x.id = t.row_id RETURNING x.*), " +
         AuditAndEvent(k, "delete", k.deleted,
                       "ARRAY(SELECT jsonb_object_keys($7::jsonb || '{\"deleted\": true}') "
                       "ORDER BY 1)");
}

// The arrangement of a booking in the caller's scope, with its live rows and
// check_travel's problems. $1 booking, $2 caller, $3 scopes.
const std::string& ReadSql() {
  static const std::string sql = [] {
    std::string rows;
    for (const LegKind& k : Kinds()) {
      std::string key(k.segment);
      for (char& ch : key) {
        if (ch == '-') ch = '_';
      }
      rows += ", '" + key + "', coalesce((SELECT jsonb_agg(" + Render(k) + " ORDER BY " + k.order +
              ") FROM " + k.table +
              " x WHERE x.travel_arrangement_id = ta.id AND NOT x.deleted), '[]'::jsonb)";
    }
    return "SELECT (to_jsonb(ta) - 'deleted' || jsonb_build_object('problems', "
           "to_jsonb(check_travel(ta.id))" +
           rows +
           "))::text FROM travel_arrangements ta JOIN bookings b ON b.id = ta.booking_id AND "
           "b.deleted IS NOT TRUE WHERE ta.booking_id = $1::uuid AND ta.deleted IS NOT TRUE AND "
           "care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3) ORDER BY "
           "ta.created_at, ta.id LIMIT 1";
  }();
  return sql;
}

core::Result<std::optional<std::string>> ReadTravel(db::Connection& conn, std::string_view booking,
                                                    const std::string& user,
                                                    const std::string& scopes) {
  auto r = conn.ExecParams(ReadSql(), db::Params{booking, user, scopes});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return std::optional<std::string>();
  return std::optional<std::string>(std::string(r->Get(0, 0)));
}

core::Error NoTravel() {
  return core::Error::NotFound("no travel arrangement of this booking in your care scope");
}

// A booking out of the caller's care scope is a 404 whatever the body says,
// so the scope is checked before the body.
core::Result<void> BookingInScope(db::Connection& conn, const std::string& booking,
                                  const Caller& c) {
  auto r = conn.Execute(sql::kBookingInScope, db::Params{booking, c.user_id, c.scopes});
  if (!r) return core::Fail(r.error());
  if (r->Get(0, 0) != "t") return core::Fail(core::Error::NotFound());
  return {};
}

// ---------------------------------------------------------------------------
// Input checks beyond the resource definition, and the database's refusals
// by constraint name, so that every 422 names its field.
// ---------------------------------------------------------------------------

bool IsIata(std::string_view s) {
  if (s.size() != 3) return false;
  for (char ch : s) {
    if (ch < 'A' || ch > 'Z') return false;
  }
  return true;
}

// The flight number grammar of travel_flights: two letters or digits, one
// to four digits, an optional letter (TK1980, U21234, BA5A).
bool IsFlightNumber(std::string_view s) {
  if (s.size() < 3 || s.size() > 7) return false;
  auto alnum = [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); };
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  if (!alnum(s[0]) || !alnum(s[1])) return false;
  std::size_t i = 2;
  std::size_t digits = 0;
  while (i < s.size() && digit(s[i])) {
    ++i;
    ++digits;
  }
  if (digits < 1 || digits > 4) return false;
  if (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') ++i;
  return i == s.size();
}

std::vector<core::FieldError> CheckShapes(const json& body) {
  std::vector<core::FieldError> errors;
  auto text = [&](const char* name) -> const std::string* {
    auto it = body.find(name);
    return it != body.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
  };
  for (const char* name : {"departure_airport", "arrival_airport"}) {
    if (const std::string* s = text(name); s && !IsIata(*s)) {
      errors.push_back({name, "must be an IATA airport code: 3 capital letters, e.g. IST"});
    }
  }
  if (const std::string* s = text("flight_number"); s && !IsFlightNumber(*s)) {
    errors.push_back({"flight_number", "must be an IATA flight number, e.g. TK1980"});
  }
  const std::string* from = text("departure_airport");
  const std::string* to = text("arrival_airport");
  if (from && to && *from == *to) {
    errors.push_back({"arrival_airport", "must differ from departure_airport"});
  }
  return errors;
}

core::Error Refused(core::Error base, std::string field, std::string message) {
  core::Error e(core::ErrorCode::kInvalidInput, "invalid request body",
                {{std::move(field), std::move(message)}}, std::move(base.internal_detail));
  e.constraint = std::move(base.constraint);
  return e;
}

// A CHECK of the travel tables, as the field it is about.
core::Error ExplainTravelError(core::Error error, const records::Resource& resource) {
  const std::string c = error.constraint;
  if (c == "travel_flights_check") {
    return Refused(std::move(error), "arrives_at", "must be after departs_at");
  }
  if (c == "travel_flights_check1") {
    return Refused(std::move(error), "arrival_airport", "must differ from departure_airport");
  }
  if (c == "travel_hotel_stays_check") {
    return Refused(std::move(error), "check_out", "must be after check_in");
  }
  const std::string table(resource.table);
  const std::string suffix = "_check";
  if (c.size() > table.size() + 1 + suffix.size() && c.starts_with(table + "_") &&
      c.ends_with(suffix)) {
    const std::string field = c.substr(table.size() + 1,
                                       c.size() - table.size() - 1 - suffix.size());
    if (resource.Find(field) != nullptr) {
      const bool zone = field.ends_with("timezone");
      return Refused(std::move(error), field,
                     zone ? "must be an IANA time zone known to the server, e.g. Europe/Istanbul"
                          : "is not a valid value");
    }
  }
  return error;
}

core::Result<json> ValidBody(const records::Resource& resource, std::string_view text,
                             records::WriteMode mode) {
  auto parsed = http::ParseJsonObject(text);
  if (!parsed) return core::Fail(parsed.error());
  auto body = records::ValidateBody(resource, *parsed, mode);
  if (!body) return core::Fail(body.error());
  std::vector<core::FieldError> errors = CheckShapes(*body);
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid request body", std::move(errors)));
  }
  return std::move(*body);
}

// ---------------------------------------------------------------------------
// The arrangement
// ---------------------------------------------------------------------------

core::Result<Response> CreateTravel(db::Pool& pool, RequestContext& ctx) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto out = db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<std::string> {
    // The scope before the body; the lock queues concurrent creations.
    auto target = conn.Execute(sql::kTravelBooking, db::Params{booking, c.user_id, c.scopes});
    if (!target) return core::Fail(target.error());
    if (target->rows() != 1) return core::Fail(core::Error::NotFound());
    auto body = ValidBody(TravelResource(), ctx.request.body, records::WriteMode::kCreate);
    if (!body) return core::Fail(body.error());
    auto inserted = conn.Execute(sql::kInsertTravel,
                                 db::Params{booking, std::string(target->Get(0, 0)), body->dump(),
                                            c.user_id, c.role, c.request_id, c.ip});
    if (!inserted) return core::Fail(ExplainTravelError(inserted.error(), TravelResource()));
    if (inserted->rows() != 1) {
      return core::Fail(core::Error(core::ErrorCode::kConflict,
                                    "the booking has a travel arrangement already",
                                    {{"booking_id", "has a travel arrangement"}}));
    }
    auto read = ReadTravel(conn, booking, c.user_id, c.scopes);
    if (!read) return core::Fail(read.error());
    if (!*read) return core::Fail(NoTravel());
    return std::move(**read);
  });
  if (!out) return core::Fail(out.error());
  Response resp = Response::Json(201, std::move(*out));
  resp.headers.emplace_back("location", "/bookings/" + booking + "/travel");
  return resp;
}

core::Result<Response> GetTravel(db::Pool& pool, RequestContext& ctx) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto read = ReadTravel(**conn, booking, c.user_id, c.scopes);
  if (!read) return core::Fail(read.error());
  if (!*read) return core::Fail(NoTravel());
  return Response::Json(200, std::move(**read));
}

core::Result<Response> PatchTravel(db::Pool& pool, RequestContext& ctx) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto out = db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<std::string> {
    if (auto in_scope = BookingInScope(conn, booking, c); !in_scope) {
      return core::Fail(in_scope.error());
    }
    auto body = ValidBody(TravelResource(), ctx.request.body, records::WriteMode::kPatch);
    if (!body) return core::Fail(body.error());
    auto changed = conn.Execute(
        sql::kUpdateTravel,
        db::Params{booking, c.user_id, c.scopes, c.request_id, c.ip, c.role, body->dump()});
    if (!changed) return core::Fail(ExplainTravelError(changed.error(), TravelResource()));
    if (changed->rows() != 1) return core::Fail(NoTravel());
    auto read = ReadTravel(conn, booking, c.user_id, c.scopes);
    if (!read) return core::Fail(read.error());
    if (!*read) return core::Fail(NoTravel());
    return std::move(**read);
  });
  if (!out) return core::Fail(out.error());
  return Response::Json(200, std::move(*out));
}

// ---------------------------------------------------------------------------
// Flights, hotel stays, transfers, companions
// ---------------------------------------------------------------------------

struct LegStatements {
  std::string insert;
  std::string update;
  std::string remove;
};

core::Result<Response> WriteLeg(db::Pool& pool, RequestContext& ctx, const LegKind& kind,
                                const std::string& statement, records::WriteMode mode, int status) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto out = db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<std::string> {
    json body = json::object();
    if (mode == records::WriteMode::kCreate) {
      // {id} is the booking here; the rows' own routes answer 404 from the write.
      if (auto in_scope = BookingInScope(conn, id, c); !in_scope) {
        return core::Fail(in_scope.error());
      }
    }
    if (status != 204) {
      auto valid = ValidBody(kind.resource(), ctx.request.body, mode);
      if (!valid) return core::Fail(valid.error());
      body = std::move(*valid);
    }
    auto r = conn.ExecParams(
        statement, db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role, body.dump()});
    if (!r) return core::Fail(ExplainTravelError(r.error(), kind.resource()));
    if (r->rows() != 1) {
      return core::Fail(
          mode == records::WriteMode::kCreate
              ? NoTravel()
              : core::Error::NotFound(std::string("no such ") + kind.noun + " in your care scope"));
    }
    return std::string(r->Get(0, 0));
  });
  if (!out) return core::Fail(out.error());
  if (status == 204) {
    Response resp;
    resp.status = 204;
    resp.content_type.clear();
    return resp;
  }
  return Response::Json(status, std::move(*out));
}

// ---------------------------------------------------------------------------
// The itinerary calendar
// ---------------------------------------------------------------------------

core::Result<Response> Itinerary(db::Pool& pool, RequestContext& ctx, bool mine) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  // /me: the signed-in patient's own booking only, whatever else their roles reach.
  if (mine && !ctx.principal->patient_profile_id) {
    return core::Fail(core::Error::NotFound("no booking of yours"));
  }
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kItineraryEvents,
                            db::Params{booking, c.user_id, mine ? std::string("own") : c.scopes});
  if (!r) return core::Fail(r.error());
  if (r->rows() == 0) return core::Fail(core::Error::NotFound());
  std::vector<ItineraryEvent> events;
  events.reserve(static_cast<std::size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    auto s = [&](int col) { return std::string(r->Get(i, col)); };
    events.push_back(
        {s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(7), s(8), s(9), s(10), r->Get(i, 11) == "t"});
  }
  auto text = RenderItinerary(events);
  if (!text) return core::Fail(text.error());
  Response resp;
  resp.status = 200;
  resp.content_type = "text/calendar; charset=utf-8";
  resp.body = std::move(*text);
  resp.headers.emplace_back("content-disposition",
                            "attachment; filename=\"itinerary-" + booking + ".ics\"");
  return resp;
}

}  // namespace

void RegisterTravelRoutes(http::Router& router, db::Pool& pool) {
  using http::BodyKind;
  using http::DocShape;
  using http::RouteDoc;
  using http::RowKind;
  const records::Resource* travel = &TravelResource();

  router.Add({"POST", "/bookings/{id}/travel",
              [&pool](RequestContext& ctx) { return CreateTravel(pool, ctx); }, "travel.write",
              "write",
              "Create a booking's travel arrangement (one per booking); answers it with "
              "check_travel's problems",
              BodyKind::kJson, RowKind::kBooking,
              RouteDoc{travel, DocShape::kCreate, DocShape::kOne, 201}})
      << http::Documents{409};
  router.Add({"GET", "/bookings/{id}/travel",
              [&pool](RequestContext& ctx) { return GetTravel(pool, ctx); }, "travel.read", "none",
              "A booking's travel arrangement with its live flights, hotel stays, transfers and "
              "companions, and the problems check_travel finds against the booking",
              BodyKind::kNone, RowKind::kBooking,
              RouteDoc{travel, DocShape::kNone, DocShape::kOne, 200}});
  router.Add({"PATCH", "/bookings/{id}/travel",
              [&pool](RequestContext& ctx) { return PatchTravel(pool, ctx); }, "travel.write",
              "write",
              "Change a booking's travel arrangement (visa status, packages, cost); a visa "
              "status change is a journey event",
              BodyKind::kJson, RowKind::kBooking,
              RouteDoc{travel, DocShape::kPatch, DocShape::kOne, 200}});

  for (const LegKind& kind : Kinds()) {
    const records::Resource* res = &kind.resource();
    auto statements = std::make_shared<LegStatements>(
        LegStatements{InsertSql(kind), UpdateSql(kind), DeleteSql(kind)});
    const LegKind* k = &kind;
    const std::string noun(kind.noun);
    router.Add({"POST", "/bookings/{id}/travel/" + std::string(kind.segment),
                [&pool, k, statements](RequestContext& ctx) {
                  return WriteLeg(pool, ctx, *k, statements->insert, records::WriteMode::kCreate,
                                  201);
                },
                "travel.write", "write", "Add a " + noun + " to a booking's travel arrangement",
                BodyKind::kJson, RowKind::kBooking,
                RouteDoc{res, DocShape::kCreate, DocShape::kOne, 201}});
    router.Add(
        {"PATCH", "/travel/" + std::string(kind.segment) + "/{id}",
         [&pool, k, statements](RequestContext& ctx) {
           return WriteLeg(pool, ctx, *k, statements->update, records::WriteMode::kPatch, 200);
         },
         "travel.write", "write", "Change a " + noun + " (JSON merge patch)", BodyKind::kJson,
         RowKind::kNone, RouteDoc{res, DocShape::kPatch, DocShape::kOne, 200}});
    router.Add({"DELETE", "/travel/" + std::string(kind.segment) + "/{id}",
                [&pool, k, statements](RequestContext& ctx) {
                  return WriteLeg(pool, ctx, *k, statements->remove, records::WriteMode::kPatch,
                                  204);
                },
                "travel.write", "write", "Remove a " + noun + " (soft delete)", BodyKind::kNone,
                RowKind::kNone, RouteDoc{res, DocShape::kNone, DocShape::kNone, 204}});
  }

  RouteDoc calendar{nullptr, DocShape::kNone, DocShape::kObject, 200};
  calendar.media = {"text/calendar"};
  router.Add({"GET", "/bookings/{id}/itinerary.ics",
              [&pool](RequestContext& ctx) { return Itinerary(pool, ctx, false); }, "travel.read",
              "none",
              "The booking's itinerary as an iCalendar document (RFC 5545): the procedure, "
              "flights, hotel stays and transfers at local times with VTIMEZONE components",
              BodyKind::kNone, RowKind::kBooking, calendar});
  router.Add({"GET", "/me/bookings/{id}/itinerary.ics",
              [&pool](RequestContext& ctx) { return Itinerary(pool, ctx, true); }, "travel.read",
              "none", "The signed-in patient's itinerary of their own booking, as iCalendar",
              BodyKind::kNone, RowKind::kNone, calendar});
}

}  // namespace imedic::care
