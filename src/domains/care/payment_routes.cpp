#include "domains/care/payment_routes.hpp"

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "domains/care/booking_resources.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/idempotency.hpp"
#include "domains/care/row_scope.hpp"
#include "domains/care/sql/queries.hpp"
#include "domains/care/webhook_signature.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::care {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

// The ledger route takes no list parameters.
const std::vector<http::DocParam>& NoListParameters() {
  static const std::vector<http::DocParam> none;
  return none;
}

std::optional<std::string> Text(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// POST …/payments (refund = false) and POST …/refunds (refund = true).
core::Result<Response> RecordEntry(db::Pool& pool, RequestContext& ctx, bool refund) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  // A booking out of scope is not found, whatever the body says: a bad
  // body looks the scope up (UnlessOutOfScope); a good one is checked by
  // record_payment's own statement, in its one round trip.
  auto key = IdempotencyKeyOf(ctx.request);
  if (!key) return core::Fail(UnlessOutOfScope(pool, ScopedRow::kBooking, id, c, key.error()));
  auto parsed = http::ParseJsonObject(ctx.request.body);
  auto body = parsed
                  ? records::ValidateBody(PaymentResource(), *parsed, records::WriteMode::kCreate)
                  : core::Fail(parsed.error());
  if (!body) return core::Fail(UnlessOutOfScope(pool, ScopedRow::kBooking, id, c, body.error()));
  std::string kind = Text(*body, "kind").value_or(refund ? "refund" : "deposit");
  const std::int64_t amount = (*body)["amount_minor"].get<std::int64_t>();
  std::vector<core::FieldError> errors;
  if (refund && kind != "refund") errors.push_back({"kind", "refunds are of kind refund"});
  if (!refund && kind == "refund") {
    errors.push_back({"kind", "deposit, balance or adjustment (refunds: POST …/refunds)"});
  }
  if (kind == "adjustment" ? amount == 0 : amount <= 0) {
    errors.push_back(
        {"amount_minor", kind == "adjustment" ? "must not be zero" : "must be positive"});
  }
  if (!errors.empty()) {
    return core::Fail(
        UnlessOutOfScope(pool, ScopedRow::kBooking, id, c,
                         core::Error::InvalidInput("invalid payment", std::move(errors))));
  }

  return RunIdempotent(
      pool, c.user_id, *key, RequestFingerprint(ctx.request),
      [&](db::Connection& conn) -> core::Result<Response> {
        auto r = conn.Execute(
            sql::kRecordPayment,
            db::Params{id, kind, amount, Text(*body, "currency"), Text(*body, "method"),
                       Text(*body, "external_reference"), Text(*body, "status"), c.user_id,
                       c.scopes, c.request_id, c.ip, c.role});
        if (!r) return core::Fail(ExplainCareError(r.error()));
        if (r->rows() != 1) return core::Fail(core::Error::NotFound());
        return Response::Json(201, std::string(r->Get(0, 0)));
      });
}

core::Result<Response> ListLedger(db::Pool& pool, RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListPayments,
                            db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  // The ledger of one booking is short: one page, with the booking's state.
  std::string body = R"({"items":)" + std::string(r->Get(0, 0)) +
                     R"(,"next":null,"payment_status":)" + json(std::string(r->Get(0, 1))).dump() +
                     R"(,"paid_minor":)" + std::string(r->Get(0, 2)) + R"(,"refunded_minor":)" +
                     std::string(r->Get(0, 3)) + "}";
  return Response::Json(200, std::move(body));
}

// ---- the payment provider's webhook ------------------------------------------

core::Error BadEvent(std::string field, std::string message) {
  return core::Error::InvalidInput("invalid payment event",
                                   {{std::move(field), std::move(message)}});
}

// The event, after its signature was verified over the raw body:
//   {"id": "evt_…", "type": "payment.succeeded" | "payment.refunded",
//    "data": {"booking_reference": "BK-…", "amount_minor": 50000, "currency": "EUR",
//             "payment_reference": "pi_…"}}
// Other event types are acknowledged and ignored.
core::Result<Response> ReceiveWebhook(db::Pool& pool, const PaymentWebhookSettings& settings,
                                      RequestContext& ctx) {
  auto verified = VerifyWebhookSignature(
      ctx.request.HeaderValue(kSignatureHeader), ctx.request.body, settings.secret,
      static_cast<std::int64_t>(std::time(nullptr)), settings.tolerance);
  if (!verified) return core::Fail(verified.error());
  auto event = http::ParseJsonObject(ctx.request.body);
  if (!event) return core::Fail(event.error());
  const json& e = *event;
  if (!e.contains("id") || !e["id"].is_string() || e["id"].get<std::string>().empty() ||
      e["id"].get<std::string>().size() > 200) {
    return core::Fail(BadEvent("id", "a string of 1 to 200 characters"));
  }
  if (!e.contains("type") || !e["type"].is_string()) {
    return core::Fail(BadEvent("type", "required string"));
  }
  const std::string type = e["type"].get<std::string>();
  if (type != "payment.succeeded" && type != "payment.refunded") {
    return Response::Json(200, R"({"status":"ignored"})");
  }
  if (!e.contains("data") || !e["data"].is_object()) {
    return core::Fail(BadEvent("data", "required object"));
  }
  const json& d = e["data"];
  if (!d.contains("booking_reference") || !d["booking_reference"].is_string()) {
    return core::Fail(BadEvent("data.booking_reference", "required string"));
  }
  if (!d.contains("amount_minor") || !d["amount_minor"].is_number_integer() ||
      d["amount_minor"].get<std::int64_t>() <= 0 ||
      d["amount_minor"].get<std::int64_t>() > 1000000000000) {
    return core::Fail(BadEvent("data.amount_minor", "a positive integer (minor units)"));
  }
  if (!d.contains("currency") || !d["currency"].is_string() ||
      d["currency"].get<std::string>().size() != 3) {
    return core::Fail(BadEvent("data.currency", "an ISO 4217 code"));
  }
  std::optional<std::string> reference;
  if (d.contains("payment_reference")) {
    if (!d["payment_reference"].is_string() ||
        d["payment_reference"].get<std::string>().size() > 200) {
      return core::Fail(BadEvent("data.payment_reference", "a string of at most 200 characters"));
    }
    reference = d["payment_reference"].get<std::string>();
  }
  std::optional<std::string> ip;
  if (!ctx.request.remote_address.empty()) ip = ctx.request.remote_address;
  std::optional<std::string> kind;
  if (type == "payment.refunded") kind = "refund";

  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kRecordWebhookPayment,
      db::Params{d["booking_reference"].get<std::string>(), kind,
                 d["amount_minor"].get<std::int64_t>(), d["currency"].get<std::string>(), reference,
                 e["id"].get<std::string>(), ctx.request.request_id, ip});
  if (!r) return core::Fail(ExplainCareError(r.error()));
  if (r->rows() != 1) return core::Fail(BadEvent("data.booking_reference", "no such booking"));
  json out = {{"status", r->Get(0, 1) == "t" ? "replayed" : "recorded"},
              {"payment_id", std::string(r->Get(0, 0))},
              {"payment_status", std::string(r->Get(0, 2))}};
  return Response::Json(200, out.dump());
}

}  // namespace

void RegisterPaymentRoutes(http::Router& router, db::Pool& pool, PaymentWebhookSettings webhook) {
  using http::BodyKind;
  using http::DocShape;
  using http::RouteDoc;
  using http::RowKind;
  const records::Resource* payment = &PaymentResource();
  router.Add({"POST", "/bookings/{id}/payments",
              [&pool](RequestContext& ctx) { return RecordEntry(pool, ctx, false); },
              "bookings.write", "write",
              "Record a deposit, balance or adjustment on a booking's ledger (payment_status and "
              "the paid total follow); honours Idempotency-Key",
              BodyKind::kJson, RowKind::kBooking,
              RouteDoc{payment, DocShape::kCreate, DocShape::kOne, 201}});
  router.Add({"POST", "/bookings/{id}/refunds",
              [&pool](RequestContext& ctx) { return RecordEntry(pool, ctx, true); },
              "bookings.write", "write",
              "Record a refund on a booking's ledger, never beyond what is still paid (409); "
              "honours Idempotency-Key",
              BodyKind::kJson, RowKind::kBooking,
              RouteDoc{payment, DocShape::kCreate, DocShape::kOne, 201}});
  router.Add({"GET", "/bookings/{id}/payments",
              [&pool](RequestContext& ctx) { return ListLedger(pool, ctx); }, "bookings.read",
              "read",
              "A booking's payment ledger, oldest first, each entry with the payment state after "
              "it; the booking's payment_status, paid_minor and refunded_minor beside the items",
              BodyKind::kNone, RowKind::kBooking,
              RouteDoc{payment, DocShape::kNone, DocShape::kPage, 200, &NoListParameters()}});
  auto settings = std::make_shared<const PaymentWebhookSettings>(std::move(webhook));
  router.Add(
      {"POST", "/webhooks/payments",
       [&pool, settings](RequestContext& ctx) { return ReceiveWebhook(pool, *settings, ctx); },
       http::kPublic, "write",
       "The payment provider's signed events (Imedic-Signature: t=<unix>,v1=<hex "
       "HMAC-SHA256 of \"<t>.<body>\">, within the tolerance): payment.succeeded and "
       "payment.refunded are recorded once per event id; other types are ignored",
       BodyKind::kJson, RowKind::kNone, RouteDoc{nullptr, DocShape::kNone, DocShape::kObject, 200}})
      << http::Documents{401, 409};
}

}  // namespace imedic::care
