#include "domains/care/booking_routes.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "db/transaction.hpp"
#include "domains/care/booking_resources.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/idempotency.hpp"
#include "domains/care/sql/queries.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

// The booking as JSON (read_booking.sql), unaudited: the caller just wrote it.
core::Result<std::string> RenderBooking(db::Connection& conn, const Caller& c,
                                        const std::string& id) {
  auto r = conn.Execute(sql::kReadBooking,
                        db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role, false});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return std::string(r->Get(0, 0));
}

std::optional<std::string> Text(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();  // numbers: their JSON text is what PostgreSQL's numeric reads
}

// POST /bookings: a place on a slot. Who and what come from the body or,
// with quote_id, from the accepted quote (whose price and currency win).
core::Result<Response> CreateBooking(db::Pool& pool, RequestContext& ctx) {
  auto key = IdempotencyKeyOf(ctx.request);
  if (!key) return core::Fail(key.error());
  auto parsed = http::ParseJsonObject(ctx.request.body);
  if (!parsed) return core::Fail(parsed.error());
  auto body = records::ValidateBody(BookingResource(), *parsed, records::WriteMode::kCreate);
  if (!body) return core::Fail(body.error());
  const auto slot = Text(*body, "availability_id");
  const auto quote = Text(*body, "quote_id");
  std::vector<core::FieldError> missing;
  if (!slot) missing.push_back({"availability_id", "required"});
  if (!quote) {
    for (const char* f : {"patient_profile_id", "procedure_id", "total_cost", "currency"}) {
      if (!Text(*body, f)) missing.push_back({f, "required without quote_id"});
    }
  }
  if (!missing.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid booking", std::move(missing)));
  }

  const Caller c = CallerOf(ctx);
  return RunIdempotent(
      pool, c.user_id, *key, RequestFingerprint(ctx.request),
      [&](db::Connection& conn) -> core::Result<Response> {
        auto target = conn.Execute(
            sql::kBookingTarget,
            db::Params{*slot, Text(*body, "patient_profile_id"), Text(*body, "procedure_id"), quote,
                       c.user_id, c.scopes});
        if (!target) return core::Fail(target.error());
        if (target->IsNull(0, 0) || target->Get(0, 2) != "t") {
          const char* field = quote && !Text(*body, "patient_profile_id") ? "quote_id"
                                                                          : "patient_profile_id";
          return core::Fail(
              core::Error::InvalidInput("invalid booking", {{field, "no such patient"}}));
        }
        if (target->Get(0, 3) != "t") {
          return core::Fail(core::Error(core::ErrorCode::kForbidden,
                                        "this patient at this slot's provider is outside your care "
                                        "scope"));
        }
        const std::string patient(target->Get(0, 0));
        auto booked = conn.Execute(
            sql::kBookSlot,
            db::Params{*slot, patient, target->GetOptional(0, 1), Text(*body, "total_cost"),
                       Text(*body, "currency"), quote, Text(*body, "consultation_id"),
                       Text(*body, "special_instructions"), c.user_id, c.role, c.request_id, c.ip});
        if (!booked) return core::Fail(ExplainCareError(booked.error(), *slot));
        auto rendered = RenderBooking(conn, c, std::string(booked->Get(0, 0)));
        if (!rendered) return core::Fail(rendered.error());
        return Response::Json(201, std::move(*rendered));
      });
}

core::Result<Response> GetBooking(db::Pool& pool, RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kReadBooking,
                            db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role, true});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

// ---- lists ------------------------------------------------------------------

records::ListSpec BookingListSpec() {
  records::ListSpec spec;
  using T = records::ListColumn::Type;
  spec.columns = {
      {"status", T::kText, true, false},
      {"payment_status", T::kText, true, false},
      {"provider_id", T::kUuid, true, false},
      {"patient_profile_id", T::kUuid, true, false},
      {"procedure_id", T::kUuid, true, false},
      {"availability_id", T::kUuid, true, false},
      {"procedure_date", T::kDate, true, true},
      {"starts_at", T::kTimestamp, true, true, true},
      {"created_at", T::kTimestamp, true, true, true},
  };
  spec.default_sort = "created_at.desc";
  spec.default_limit = 50;
  spec.max_limit = 200;
  return spec;
}

const std::vector<http::DocParam>& ListParameters() {
  static const std::vector<http::DocParam> params = {
      {"status", "string", "`eq.confirmed`, `in.(completed,no_show)`, …"},
      {"payment_status", "string", "`eq.deposit`, …"},
      {"provider_id", "string", "`eq.<uuid>`"},
      {"patient_profile_id", "string", "`eq.<uuid>`"},
      {"procedure_id", "string", "`eq.<uuid>`"},
      {"availability_id", "string", "`eq.<uuid>`"},
      {"procedure_date", "string",
       "Local date at the clinic: `gte.2026-01-01`, `lt.2026-02-01` (may be given twice)"},
      {"starts_at", "string", "Start instant: `gte.<RFC 3339>`, …"},
      {"created_at", "string", "Creation time: `gte.<RFC 3339>`, …"},
      {"order", "string",
       "`procedure_date`, `starts_at` or `created_at`, `.asc` or `.desc` (default "
       "`created_at.desc`); the id breaks ties"},
      {"limit", "integer", "Page size, 1 to 200 (default 50)"},
      {"cursor", "string", "The opaque cursor of the previous page's `next` link"},
  };
  return params;
}

constexpr const char* kBookingJson =
    "json_build_object('id', id, 'booking_reference', booking_reference, 'availability_id', "
    "availability_id, 'patient_profile_id', patient_profile_id, 'procedure_id', procedure_id, "
    "'quote_id', quote_id, 'consultation_id', consultation_id, 'provider_id', provider_id, "
    "'status', status, 'procedure_date', procedure_date, 'procedure_time', "
    "to_char(procedure_time, 'HH24:MI:SS'), 'timezone', timezone, 'starts_at', starts_at, "
    "'ends_at', ends_at, 'total_cost', total_cost, 'currency', currency, 'payment_status', "
    "payment_status, 'paid_minor', paid_minor, 'refunded_minor', refunded_minor, "
    "'special_instructions', special_instructions, 'cancelled_at', cancelled_at, 'created_at', "
    "created_at, 'updated_at', updated_at)::text";

// The list statement: $1 caller, $2 scopes, $3 request id, $4 ip, $5 role,
// $6 only this patient (or NULL); the filters' values from $7. One more row
// than the page is read (there is a next page); the rows shown are audited.
std::string ListSql(const records::ListQuery& q) {
  std::string sort_values;
  for (std::size_t k = 0; k < q.sort.size(); ++k) {
    sort_values += ", to_json(" + q.sort[k].expr + ")#>>'{}' AS sort_" + std::to_string(k);
  }
  // The scope is read once as sets (care_scope) and each row checked by
  // hashed membership, not by a care_row_visible() call per row walked.
  std::string page =
      "SELECT b.* FROM bookings b WHERE b.deleted IS NOT TRUE "
      "AND (EXISTS (SELECT 1 FROM scope WHERE kind = 'all') "
      "OR b.provider_id IN (SELECT id FROM scope WHERE kind = 'provider') "
      "OR b.patient_profile_id IN (SELECT id FROM scope WHERE kind = 'patient')) "
      "AND ($6::uuid IS NULL OR b.patient_profile_id = $6::uuid)";
  if (!q.where_sql.empty()) page += " AND (" + q.where_sql + ")";
  if (!q.keyset_sql.empty()) page += " AND " + q.keyset_sql;
  page += " ORDER BY " + q.order_sql + " LIMIT " + std::to_string(q.limit + 1);
  return "WITH scope AS MATERIALIZED (SELECT kind, id FROM care_scope($1::uuid, $2::text)), "
         "p AS (" +
         page + "), shown AS (SELECT * FROM p ORDER BY " + q.order_sql + " LIMIT " +
         std::to_string(q.limit) +
         "), audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, "
         "row_id, subject_patient_profile_id, request_id, ip) SELECT $1::uuid, $5, 'read', "
         "'bookings', id::text, patient_profile_id, $3, $4::inet FROM shown) SELECT " +
         std::string(kBookingJson) + sort_values + " FROM p ORDER BY " + q.order_sql;
}

core::Result<Response> ListBookings(db::Pool& pool, RequestContext& ctx, bool mine) {
  auto pairs = http::ParseQueryString(ctx.request.query);
  if (!pairs) {
    return core::Fail(core::Error::InvalidInput("invalid query string",
                                                {{"query", "bad %-escape or not UTF-8"}}));
  }
  static const records::ListSpec spec = BookingListSpec();
  auto q = records::ParseListQuery(*pairs, spec, 7);
  if (!q) return core::Fail(q.error());
  const std::string path = mine ? "/me/bookings" : "/bookings";
  const Caller c = CallerOf(ctx);
  std::optional<std::string> only_patient;
  if (mine) {
    // No patient profile: no bookings of one's own.
    if (!ctx.principal->patient_profile_id) {
      return Response::Json(200, R"({"items":[],"next":null})");
    }
    only_patient = *ctx.principal->patient_profile_id;
  }
  db::Params params{c.user_id,   mine ? std::string("own") : c.scopes, c.request_id, c.ip, c.role,
                    only_patient};
  for (const auto& p : q->params) params.Add(p);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->ExecParams(ListSql(*q), params);
  if (!r) return core::Fail(r.error());
  const int shown = std::min(r->rows(), q->limit);
  std::string items = "[";
  for (int i = 0; i < shown; ++i) {
    if (i > 0) items += ",";
    items += r->Get(i, 0);
  }
  items += "]";
  std::string next = "null";
  if (r->rows() > q->limit) {
    std::vector<std::string> values;
    for (std::size_t k = 0; k < q->sort.size(); ++k) {
      values.emplace_back(r->Get(shown - 1, static_cast<int>(k) + 1));
    }
    next = json(path + "?" +
                http::BuildQueryString(
                    records::WithCursor(*pairs, records::EncodeCursor(values, q->order_signature))))
               .dump();
  }
  return Response::Json(200, R"({"items":)" + items + R"(,"next":)" + next + "}");
}

// ---- transitions ------------------------------------------------------------

// Cancelling: staff holding bookings.write within their care scope, and a
// patient (bookings.read) for their own bookings only.
core::Result<Response> CancelBooking(db::Pool& pool, RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  Caller c = CallerOf(ctx);
  if (!ctx.principal->Has("bookings.write")) c.scopes = "own";
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto begun = tx.Begin(); !begun) return core::Fail(begun.error());
  auto r = (*conn)->Execute(sql::kCancelBooking,
                            db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(ExplainCareError(r.error()));
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  const std::string refund_due(r->Get(0, 1));
  auto rendered = RenderBooking(**conn, c, std::string(id));
  if (!rendered) return core::Fail(rendered.error());
  if (auto committed = tx.Commit(); !committed) return core::Fail(committed.error());
  json out = json::parse(*rendered);
  out["refund_due_minor"] = std::stoll(refund_due.empty() ? "0" : refund_due);
  return Response::Json(200, out.dump());
}

struct Transition {
  const char* status;
  const char* stage;
  const char* event;
};

core::Result<Response> MoveBooking(db::Pool& pool, RequestContext& ctx, const Transition& t) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto begun = tx.Begin(); !begun) return core::Fail(begun.error());
  auto r = (*conn)->Execute(
      sql::kSetBookingStatus,
      db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role, t.status, t.stage, t.event});
  if (!r) return core::Fail(ExplainCareError(r.error()));
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  if (std::string_view(t.status) == "completed") {
    // Completing the procedure starts the patient's aftercare (idempotent).
    auto scheduled = (*conn)->Execute(sql::kScheduleAftercare,
                                      db::Params{id, c.user_id, c.role, c.request_id, c.ip});
    if (!scheduled) return core::Fail(scheduled.error());
  }
  auto rendered = RenderBooking(**conn, c, std::string(id));
  if (!rendered) return core::Fail(rendered.error());
  if (auto committed = tx.Commit(); !committed) return core::Fail(committed.error());
  return Response::Json(200, std::move(*rendered));
}

}  // namespace

void RegisterBookingRoutes(http::Router& router, db::Pool& pool) {
  using http::BodyKind;
  using http::DocShape;
  using http::RouteDoc;
  using http::RowKind;
  const records::Resource* booking = &BookingResource();

  router.Add(
      {"POST", "/bookings", [&pool](RequestContext& ctx) { return CreateBooking(pool, ctx); },
       "bookings.write", "write",
       "Book a place on a slot for a patient (directly, or from an accepted quote); "
       "honours Idempotency-Key",
       BodyKind::kJson, RowKind::kNone, RouteDoc{booking, DocShape::kCreate, DocShape::kOne, 201}});
  router.Add({"GET", "/bookings",
              [&pool](RequestContext& ctx) { return ListBookings(pool, ctx, false); },
              "bookings.read", "read",
              "Bookings in the caller's care scope (filters on status, provider, patient and "
              "dates; keyset paging)",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{booking, DocShape::kNone, DocShape::kPage, 200, &ListParameters()}});
  router.Add({"GET", "/me/bookings",
              [&pool](RequestContext& ctx) { return ListBookings(pool, ctx, true); },
              "bookings.read", "read", "The signed-in patient's own bookings", BodyKind::kNone,
              RowKind::kNone,
              RouteDoc{booking, DocShape::kNone, DocShape::kPage, 200, &ListParameters()}});
  router.Add({"GET", "/bookings/{id}",
              [&pool](RequestContext& ctx) { return GetBooking(pool, ctx); }, "bookings.read",
              "read", "One booking", BodyKind::kNone, RowKind::kBooking,
              RouteDoc{booking, DocShape::kNone, DocShape::kOne, 200}});
  router.Add({"POST", "/bookings/{id}/cancel",
              [&pool](RequestContext& ctx) { return CancelBooking(pool, ctx); }, "bookings.read",
              "write",
              "Cancel a confirmed booking (staff with bookings.write, or the patient their own); "
              "frees the slot's place and answers the booking with refund_due_minor under the "
              "provider's cancellation policy",
              BodyKind::kNone, RowKind::kBooking,
              RouteDoc{booking, DocShape::kNone, DocShape::kObject, 200}})
      << http::Documents{409};
  router.Add({"POST", "/bookings/{id}/complete",
              [&pool](RequestContext& ctx) {
                return MoveBooking(pool, ctx, {"completed", "procedure", "booking_completed"});
              },
              "bookings.write", "write",
              "Mark a confirmed booking completed (creates the aftercare schedule)",
              BodyKind::kNone, RowKind::kBooking,
              RouteDoc{booking, DocShape::kNone, DocShape::kOne, 200}})
      << http::Documents{409};
  router.Add({"POST", "/bookings/{id}/no-show",
              [&pool](RequestContext& ctx) {
                return MoveBooking(pool, ctx, {"no_show", "booking", "booking_no_show"});
              },
              "bookings.write", "write", "Mark a confirmed booking as a no-show", BodyKind::kNone,
              RowKind::kBooking, RouteDoc{booking, DocShape::kNone, DocShape::kOne, 200}})
      << http::Documents{409};
}

}  // namespace imedic::care
