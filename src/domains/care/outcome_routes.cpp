#include "domains/care/outcome_routes.hpp"

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/outcome_resources.hpp"
#include "domains/care/row_scope.hpp"
#include "domains/care/sql/queries.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::care {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

// The sealed text columns: body field = column name, AAD place
// "procedure_outcomes.<column>" bound to the outcome's id.
constexpr std::array<std::string_view, 3> kSealed = {"procedure_notes", "complications",
                                                     "doctor_notes"};

std::string Place(std::string_view column) { return "procedure_outcomes." + std::string(column); }

struct Context {
  db::Pool& pool;
  const core::Keyring& keys;
};

core::Error Named(core::ErrorCode code, std::string message, std::string field,
                  std::string field_message) {
  return core::Error(code, std::move(message), {{std::move(field), std::move(field_message)}});
}

// ---------------------------------------------------------------------------
// POST /bookings/{id}/outcome
// ---------------------------------------------------------------------------

struct NewOutcome {
  bool success = false;
  std::array<std::optional<std::string>, 3> text;  // kSealed's order
  std::vector<std::string> photos;
  bool follow_up_needed = false;
};

// The body, checked against OutcomeResource (the declaration that documents it).
core::Result<NewOutcome> ReadNewOutcome(std::string_view body) {
  auto object = http::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(OutcomeResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  NewOutcome o;
  o.success = (*valid)["success"].get<bool>();
  for (std::size_t i = 0; i < kSealed.size(); ++i) {
    auto it = valid->find(kSealed[i]);
    if (it != valid->end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      o.text[i] = it->get<std::string>();
    }
  }
  if (auto it = valid->find("photos"); it != valid->end() && it->is_array()) {
    o.photos = it->get<std::vector<std::string>>();
  }
  o.follow_up_needed = valid->value("follow_up_needed", false);
  return o;
}

core::Result<Response> RecordOutcome(const Context& cx, RequestContext& ctx) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto input = ReadNewOutcome(ctx.request.body);
  if (!input) {
    return core::Fail(UnlessOutOfScope(cx.pool, ScopedRow::kBooking, booking, c, input.error()));
  }
  const std::string photos = json(input->photos).dump();
  const std::string id = core::NewUuidV4();  // chosen first: the sealed text is bound to it
  auto row = db::InTransaction(cx.pool, [&](db::Connection& conn) -> core::Result<json> {
    auto target = conn.Execute(sql::kOutcomeBooking,
                               db::Params{booking, c.user_id, c.scopes, photos});
    if (!target) return core::Fail(target.error());
    if (target->rows() != 1) return core::Fail(core::Error::NotFound());
    const std::string patient(target->Get(0, 0));
    if (target->Get(0, 1) != "completed") {
      return core::Fail(Named(core::ErrorCode::kConflict,
                              "an outcome is recorded for a completed booking only", "status",
                              "the booking is not completed"));
    }
    if (target->Get(0, 2) != "t") {
      return core::Fail(Named(core::ErrorCode::kInvalidInput, "invalid request body", "photos",
                              "each must be a live file of the booking's patient"));
    }
    std::array<std::optional<std::string>, 3> sealed;
    auto key = privacy::DataKeys(cx.keys).GetOrCreate(
        conn, core::PatientId::Trusted(*core::ParseUuid(patient)));
    if (!key) return core::Fail(key.error());
    for (std::size_t i = 0; i < kSealed.size(); ++i) {
      if (input->text[i]) {
        sealed[i] = privacy::EncryptField(*key, *input->text[i], Place(kSealed[i]), id);
      }
    }
    auto r = conn.Execute(sql::kInsertOutcome,
                          db::Params{id, booking, input->success ? "true" : "false", sealed[0],
                                     sealed[1], sealed[1] ? "true" : "false", sealed[2], photos,
                                     input->follow_up_needed ? "true" : "false", c.user_id, c.role,
                                     c.request_id, c.ip, patient});
    if (!r) {
      if (r.error().constraint == "procedure_outcomes_booking_live_key") {
        return core::Fail(Named(core::ErrorCode::kConflict,
                                "the booking's outcome is recorded already", "booking_id",
                                "has an outcome"));
      }
      return core::Fail(r.error());
    }
    json out = json::parse(r->Get(0, 0));
    for (std::size_t i = 0; i < kSealed.size(); ++i) {
      out[std::string(kSealed[i])] = input->text[i] ? json(*input->text[i]) : json(nullptr);
    }
    return out;
  });
  if (!row) return core::Fail(row.error());
  Response resp = Response::Json(201, row->dump());
  resp.headers.emplace_back("location", "/bookings/" + booking + "/outcome");
  return resp;
}

// ---------------------------------------------------------------------------
// GET /bookings/{id}/outcome
// ---------------------------------------------------------------------------

core::Result<Response> ReadOutcome(const Context& cx, RequestContext& ctx) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kReadOutcome,
                            db::Params{booking, c.user_id, c.scopes, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  json out = json::parse(r->Get(0, 0));
  const std::string id = out.value("id", std::string());
  std::optional<core::MasterKey> key;
  for (std::string_view column : kSealed) {
    const std::string name(column);
    if (!out[name].is_string()) continue;
    if (!key) {
      auto k = privacy::DataKeys(cx.keys).Get(**conn,
                                              core::PatientId::Trusted(std::string(r->Get(0, 1))));
      if (!k) return core::Fail(k.error());
      key = std::move(*k);
    }
    auto plain = privacy::DecryptField(*key, out[name].get<std::string>(), Place(column), id);
    if (!plain) return core::Fail(plain.error());
    out[name] = std::move(*plain);
  }
  return Response::Json(200, out.dump());
}

// ---------------------------------------------------------------------------
// POST /bookings/{id}/outcome/satisfaction
// ---------------------------------------------------------------------------

core::Result<Response> RateOutcome(const Context& cx, RequestContext& ctx) {
  const std::string booking(ctx.params.Get("id"));
  if (!core::IsUuid(booking)) return core::Fail(core::Error::NotFound());
  // Staff hold outcomes.read too; only the patient rates, and to anyone
  // else the outcome is one of a booking that is not theirs.
  if (!ctx.principal->patient_profile_id) {
    return core::Fail(core::Error::NotFound("no outcome of a booking of yours"));
  }
  auto object = http::ParseJsonObject(ctx.request.body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(OutcomeRatingResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  const std::string rating = (*valid)["satisfaction_rating"].dump();
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kRateOutcome, db::Params{booking, *ctx.principal->patient_profile_id, rating, c.user_id,
                                    c.role, c.request_id, c.ip});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound("no outcome of a booking of yours"));
  return Response::Json(200, std::string(r->Get(0, 0)));
}

RouteDoc Declared(const records::Resource* input, const records::Resource& output, int status) {
  RouteDoc d;
  d.input = input;
  d.output = &output;
  d.response = DocShape::kOne;
  d.status = status;
  return d;
}

}  // namespace

void RegisterOutcomeRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys) {
  auto cx = std::make_shared<Context>(Context{pool, keys});
  router.Add({"POST", "/bookings/{id}/outcome",
              [cx](RequestContext& ctx) { return RecordOutcome(*cx, ctx); }, "outcomes.write",
              "write",
              "Record a completed booking's outcome (notes and complications sealed, photos = the "
              "patient's file ids); once per booking",
              BodyKind::kJson, RowKind::kBooking,
              RouteDoc{&OutcomeResource(), DocShape::kCreate, DocShape::kOne, 201}})
      << http::Documents{409};
  router.Add({"GET", "/bookings/{id}/outcome",
              [cx](RequestContext& ctx) { return ReadOutcome(*cx, ctx); }, "outcomes.read", "read",
              "A booking's outcome (text decrypted)", BodyKind::kNone, RowKind::kBooking,
              RouteDoc{&OutcomeResource(), DocShape::kNone, DocShape::kOne, 200}});
  router.Add({"POST", "/bookings/{id}/outcome/satisfaction",
              [cx](RequestContext& ctx) { return RateOutcome(*cx, ctx); }, "outcomes.read", "write",
              "The patient's satisfaction with their procedure's outcome (1–5)", BodyKind::kJson,
              RowKind::kNone, Declared(&OutcomeRatingResource(), OutcomeRatingResource(), 200)});
}

}  // namespace imedic::care
