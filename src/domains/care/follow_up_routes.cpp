#include "domains/care/follow_up_routes.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "db/text_array.hpp"
#include "domains/care/aftercare_resources.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/sql/queries.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

constexpr int kDefaultLimit = 50;
constexpr PageRules kPaging{"due.asc,id.asc", 200, core::IsUuid};

// The sealed text columns; AAD place "follow_up_care.<column>" bound to the
// item's id.
constexpr std::array<std::string_view, 2> kSealed = {"notes", "patient_response"};

std::string Place(std::string_view column) { return "follow_up_care." + std::string(column); }

struct Context {
  db::Pool& pool;
  const core::Keyring& keys;
};

core::Error Named(core::ErrorCode code, std::string message, std::string field,
                  std::string field_message) {
  return core::Error(code, std::move(message), {{std::move(field), std::move(field_message)}});
}

// Opens the sealed text of rendered items of one patient in place, reading
// the patient's data key once, when the first sealed value needs it. Text
// written before it was sealed (the demo seed's) passes as it is.
class Opener {
 public:
  Opener(const Context& cx, db::Connection& conn, std::string patient)
      : cx_(cx), conn_(conn), patient_(std::move(patient)) {}

  core::Result<void> Open(json& item) {
    const std::string id = item.value("id", std::string());
    for (std::string_view column : kSealed) {
      auto it = item.find(std::string(column));
      if (it == item.end() || !it->is_string() ||
          !privacy::LooksEncrypted(it->get_ref<const std::string&>())) {
        continue;
      }
      if (!key_) {
        auto k = privacy::DataKeys(cx_.keys).Get(conn_, core::PatientId::Trusted(patient_));
        if (!k) return core::Fail(k.error());
        key_ = std::move(*k);
      }
      auto plain = privacy::DecryptField(*key_, it->get<std::string>(), Place(column), id);
      if (!plain) return core::Fail(plain.error());
      *it = std::move(*plain);
    }
    return {};
  }

  // The key the caller read already (saves a second read of it).
  void UseKey(const core::MasterKey& key) { key_ = key; }

 private:
  const Context& cx_;
  db::Connection& conn_;
  std::string patient_;
  std::optional<core::MasterKey> key_;
};

// ---------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------

core::Result<Response> ListBookingFollowUps(const Context& cx, RequestContext& ctx) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListBookingFollowUps,
                            db::Params{booking, c.user_id, c.scopes, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  json items = json::parse(r->Get(0, 0));
  Opener opener(cx, **conn, std::string(r->Get(0, 1)));
  for (json& item : items) {
    if (auto o = opener.Open(item); !o) return core::Fail(o.error());
  }
  return Response::Json(200, items.dump());
}

struct OwnQuery {
  Page page{kDefaultLimit, std::nullopt};
  std::optional<std::string> status, due_from, due_to;
};

core::Result<OwnQuery> ReadOwnQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  OwnQuery q;
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : query) {
    if (ReadPageParam(key, value, kPaging, q.page, errors)) continue;
    if (key == "status") {
      if (value != "scheduled" && value != "completed" && value != "cancelled" &&
          value != "overdue") {
        errors.push_back({key, "scheduled, completed, cancelled or overdue"});
      }
      q.status = value;
    } else if (key == "due_from" || key == "due_before") {
      if (!IsIsoDateTime(value, true)) {
        errors.push_back({key, "an RFC 3339 date-time with Z or an offset"});
      }
      (key == "due_from" ? q.due_from : q.due_to) = value;
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  return q;
}

core::Result<Response> ListOwnFollowUps(const Context& cx, RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  auto q = ReadOwnQuery(*query);
  if (!q) return core::Fail(q.error());
  // Staff without a patient profile have no aftercare of their own.
  if (!ctx.principal->patient_profile_id) {
    return Response::Json(200, R"({"items":[],"next":null})");
  }
  const std::string patient = *ctx.principal->patient_profile_id;
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kListOwnFollowUps,
      db::Params{patient, q->status, q->due_from, q->due_to, q->page.after_at(),
                 q->page.after_key(), q->page.limit + 1, c.user_id, c.role, c.request_id, c.ip});
  if (!r) return core::Fail(r.error());
  Opener opener(cx, **conn, patient);
  json items = json::array();
  const int limit = q->page.limit;
  const int shown = std::min(r->rows(), limit);
  for (int i = 0; i < shown; ++i) {
    json item = json::parse(r->Get(i, 0));
    if (auto o = opener.Open(item); !o) return core::Fail(o.error());
    items.push_back(std::move(item));
  }
  json next = nullptr;
  if (r->rows() > limit) {
    const int last = limit - 1;
    next = NextLink(
        "/me/follow-ups", *query,
        records::EncodeCursor({std::string(r->Get(last, 1)), std::string(r->Get(last, 2))},
                              kPaging.order));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

core::Result<Response> GetFollowUp(const Context& cx, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kGetFollowUp,
                            db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  json item = json::parse(r->Get(0, 0));
  Opener opener(cx, **conn, std::string(r->Get(0, 1)));
  if (auto o = opener.Open(item); !o) return core::Fail(o.error());
  return Response::Json(200, item.dump());
}

// ---------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------

// The item locked for a change (follow_up_target.sql), or the answer that
// refuses it: 404 out of scope, 409 when it is no longer open.
struct Target {
  std::string patient;
  bool photos_required = false;
  bool photos_of_patient = false;
  std::string zone;
};

core::Result<Target> LockTarget(db::Connection& conn, const std::string& id, const Caller& c,
                                const std::string& photos) {
  auto r = conn.Execute(sql::kFollowUpTarget, db::Params{id, c.user_id, c.scopes, photos});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  const std::string status(r->Get(0, 0));
  if (status != "scheduled" && status != "overdue") {
    return core::Fail(Named(core::ErrorCode::kConflict,
                            "only a scheduled or overdue item can be completed or rescheduled",
                            "status", "the item is " + status));
  }
  return Target{std::string(r->Get(0, 1)), r->Get(0, 2) == "t", r->Get(0, 3) == "t",
                std::string(r->Get(0, 4))};
}

core::Result<Response> CompleteFollowUp(const Context& cx, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto parsed = http::ParseJsonObject(ctx.request.body);
  if (!parsed) return core::Fail(parsed.error());
  // An invalid body is answered after the scope check: to a caller who
  // cannot see the item, it does not exist.
  auto body = records::ValidateBody(FollowUpCompletion(), *parsed, records::WriteMode::kCreate);
  // A patient completes their own items; staff holding followups.write
  // those in their care scope (and their text goes to notes).
  Caller c = CallerOf(ctx);
  const bool staff = ctx.principal->Has("followups.write");
  if (!staff) c.scopes = "own";
  std::optional<std::string> notes;
  json photo_ids = json::array();
  bool complication = false;
  if (body) {
    if (auto it = body->find("notes");
        it != body->end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      notes = it->get<std::string>();
    }
    photo_ids = body->value("photos", json::array());
    complication = body->value("complication", false);
  }
  const std::string photos = photo_ids.dump();
  auto item = db::InTransaction(cx.pool, [&](db::Connection& conn) -> core::Result<json> {
    auto target = LockTarget(conn, id, c, photos);
    if (!target) return core::Fail(target.error());
    if (!body) return core::Fail(body.error());
    if (!target->photos_of_patient) {
      return core::Fail(Named(core::ErrorCode::kInvalidInput, "invalid request body", "photos",
                              "each must be a live file of the patient"));
    }
    if (!staff && target->photos_required && photo_ids.empty()) {
      return core::Fail(Named(core::ErrorCode::kInvalidInput, "invalid request body", "photos",
                              "this item asks for photos: add at least one"));
    }
    const std::string_view column = staff ? "notes" : "patient_response";
    std::optional<std::string> sealed;
    std::optional<core::MasterKey> key;
    if (notes) {
      auto k = privacy::DataKeys(cx.keys).GetOrCreate(conn,
                                                      core::PatientId::Trusted(target->patient));
      if (!k) return core::Fail(k.error());
      sealed = privacy::EncryptField(*k, *notes, Place(column), id);
      key = std::move(*k);
    }
    std::vector<std::string> changed = {"status", "completed_date"};
    if (notes) changed.emplace_back(column);
    if (!photo_ids.empty()) changed.emplace_back("photos");
    if (complication) changed.emplace_back("complication_reported");
    auto r = conn.Execute(
        sql::kCompleteFollowUp,
        db::Params{id, staff ? std::nullopt : sealed, staff ? sealed : std::nullopt, photos,
                   complication, c.user_id, c.role, c.request_id, c.ip, target->patient,
                   db::ToTextArray(changed)});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) return core::Fail(core::Error::NotFound());
    json out = json::parse(r->Get(0, 0));
    Opener opener(cx, conn, target->patient);
    if (key) opener.UseKey(*key);
    if (auto o = opener.Open(out); !o) return core::Fail(o.error());
    return out;
  });
  if (!item) return core::Fail(item.error());
  return Response::Json(200, item->dump());
}

core::Result<Response> RescheduleFollowUp(const Context& cx, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto parsed = http::ParseJsonObject(ctx.request.body);
  if (!parsed) return core::Fail(parsed.error());
  // As for completion, an invalid body is answered after the scope check.
  auto body = records::ValidateBody(FollowUpReschedule(), *parsed, records::WriteMode::kCreate);
  const std::string due = body ? body->value("due_at", std::string()) : std::string();
  const Caller c = CallerOf(ctx);
  auto item = db::InTransaction(cx.pool, [&](db::Connection& conn) -> core::Result<json> {
    auto target = LockTarget(conn, id, c, "[]");
    if (!target) return core::Fail(target.error());
    if (!body) return core::Fail(body.error());
    if (!IsIsoDateTime(due, true)) {
      return core::Fail(Named(core::ErrorCode::kInvalidInput, "invalid request body", "due_at",
                              "must be an RFC 3339 date-time with Z or an offset"));
    }
    auto r = conn.Execute(
        sql::kRescheduleFollowUp,
        db::Params{id, due, target->zone, c.user_id, c.role, c.request_id, c.ip, target->patient});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) return core::Fail(core::Error::NotFound());
    json out = json::parse(r->Get(0, 0));
    Opener opener(cx, conn, target->patient);
    if (auto o = opener.Open(out); !o) return core::Fail(o.error());
    return out;
  });
  if (!item) return core::Fail(item.error());
  return Response::Json(200, item->dump());
}

RouteDoc CommandDoc(const records::Resource* input, DocShape response, bool conflicts) {
  RouteDoc d;
  d.input = input;
  d.output = &FollowUpResource();
  d.response = response;
  if (conflicts) d.errors.push_back(409);
  return d;
}

}  // namespace

void RegisterFollowUpRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys) {
  auto cx = std::make_shared<Context>(Context{pool, keys});
  router.Add({"GET", "/bookings/{id}/follow-ups",
              [cx](RequestContext& ctx) { return ListBookingFollowUps(*cx, ctx); },
              "followups.read", "read",
              "A booking's aftercare schedule in due order (text decrypted)", BodyKind::kNone,
              RowKind::kBooking, CommandDoc(nullptr, DocShape::kList, false)});
  static const std::vector<http::DocParam> kOwnParams = {
      {"status", "string", "`scheduled`, `completed`, `cancelled` or `overdue`"},
      {"due_from", "string", "Due at or after this instant (RFC 3339)"},
      {"due_before", "string", "Due before this instant (RFC 3339)"},
      {"limit", "integer", "Page size, 1 to 200 (default 50)"},
      {"cursor", "string", "The opaque cursor of the previous page's `next` link"},
  };
  router.Add({"GET", "/me/follow-ups",
              [cx](RequestContext& ctx) { return ListOwnFollowUps(*cx, ctx); }, "followups.read",
              "read",
              "The signed-in patient's aftercare items, soonest due first (keyset pages; "
              "filters on status and due time)",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{&FollowUpResource(), DocShape::kNone, DocShape::kPage, 200, &kOwnParams}});
  router.Add({"GET", "/follow-ups/{id}",
              [cx](RequestContext& ctx) { return GetFollowUp(*cx, ctx); }, "followups.read", "read",
              "One aftercare item (text decrypted)", BodyKind::kNone, RowKind::kNone,
              CommandDoc(nullptr, DocShape::kOne, false)});
  router.Add(
      {"POST", "/follow-ups/{id}/complete",
       [cx](RequestContext& ctx) { return CompleteFollowUp(*cx, ctx); }, "followups.read", "write",
       "Complete an open aftercare item: the patient their own (notes sealed as their "
       "answer, photos = their file ids, required where the item asks), staff with "
       "followups.write in their scope; `complication` alerts the care team",
       BodyKind::kJson, RowKind::kNone, CommandDoc(&FollowUpCompletion(), DocShape::kOne, true)});
  router.Add({"POST", "/follow-ups/{id}/reschedule",
              [cx](RequestContext& ctx) { return RescheduleFollowUp(*cx, ctx); }, "followups.write",
              "write",
              "Move an open aftercare item to a new due time (reminder and escalation start "
              "afresh)",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&FollowUpReschedule(), DocShape::kOne, true)});
}

}  // namespace imedic::care
