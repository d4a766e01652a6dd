#include "domains/marketing/capture_routes.hpp"

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "core/log.hpp"
#include "domains/marketing/capture_token.hpp"
#include "domains/marketing/lead_resources.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::marketing {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxCaptureBytes = 16 << 10;

std::int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The one answer of an accepted submission, whatever became of it: a new
// lead, a touch of an existing one, or a bot's dropped form.
Response Received() { return Response::Json(202, R"({"status":"received"})"); }

std::optional<std::string> Text(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

struct Capture {
  std::string token;
  bool honeypot = false;
  std::optional<std::string> email, phone;
  json fields = json::object();
  json touch = json::object();
};

// The body, checked against CaptureResource (which documents it). A phone
// written with the international 00 prefix is read as +.
core::Result<Capture> ReadCapture(std::string_view text) {
  auto object = http::ParseJsonObject(text);
  if (!object) return core::Fail(object.error());
  if (auto p = object->find("phone"); p != object->end() && p->is_string()) {
    std::string s = http::TrimSpace(p->get<std::string>());
    if (s.starts_with("00")) s = "+" + s.substr(2);
    *p = s;
  }
  auto valid = records::ValidateBody(CaptureResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  Capture c;
  c.token = (*valid)["form_token"].get<std::string>();
  c.honeypot = Text(*valid, "website").has_value();
  c.email = Text(*valid, "email");
  c.phone = Text(*valid, "phone");
  std::vector<core::FieldError> errors;
  if (!c.email && !c.phone) errors.push_back({"email", "an email or a phone is required"});
  if (valid->contains("consents") && !(*valid)["consents"].is_null() &&
      !Text(*valid, "consent_text_version")) {
    errors.push_back({"consent_text_version", "is required with consents"});
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid request body", std::move(errors)));
  }
  for (const char* f :
       {"first_name", "last_name", "country", "language", "procedure_interest", "message"}) {
    if (auto v = Text(*valid, f)) c.fields[f] = *v;
  }
  for (const char* f : {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
                        "gclid", "fbclid", "referrer", "landing_page", "consent_text_version"}) {
    if (auto v = Text(*valid, f)) c.touch[f] = *v;
  }
  if (auto it = valid->find("consents"); it != valid->end() && it->is_object()) {
    c.touch["consents"] = *it;
  }
  return c;
}

core::Error RateLimited(int retry_after) {
  core::Error e(core::ErrorCode::kRateLimited, "too many submissions; try again later");
  e.retry_after_seconds = retry_after;
  return e;
}

void LogDropped(const RequestContext& ctx, std::string_view why) {
  // Why only: the submission's contents are personal data.
  core::log::Info("lead_capture_dropped")
      .Str("request_id", ctx.request.request_id)
      .Str("reason", why)
      .Emit();
}

std::optional<std::string> Bucket(std::string_view kind, const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  return core::Sha256Hex(std::string(kind) + ":" + *value);
}

core::Result<Response> CaptureLead(db::Pool& pool, const core::Keyring& keys, RequestContext& ctx) {
  auto input = ReadCapture(ctx.request.body);
  if (!input) return core::Fail(input.error());
  const FormTokenCheck check = CheckFormToken(keys, input->token, NowUnix());
  if (check == FormTokenCheck::kForged || check == FormTokenCheck::kExpired) {
    // A person whose page sat open too long fetches a new token; saying so
    // tells a bot nothing it could not read from GET /leads/capture/token.
    return core::Fail(core::Error::InvalidInput(
        "invalid request body",
        {{"form_token", check == FormTokenCheck::kExpired
                            ? "has expired; fetch a new one from GET /leads/capture/token"
                            : "is not a token of GET /leads/capture/token"}}));
  }
  std::optional<std::string> ip;
  if (!ctx.request.remote_address.empty()) ip = ctx.request.remote_address;
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  // Counted in its own statement, before anything else is written: a
  // refused or dropped submission still counts against its sender.
  auto limit = (*conn)->Execute(sql::kCaptureRateLimit, db::Params{*Bucket("ip", ip.value_or("-")),
                                                                   Bucket("email", input->email),
                                                                   Bucket("phone", input->phone)});
  if (!limit) return core::Fail(limit.error());
  if (const int retry_after = std::stoi(std::string(limit->Get(0, 0))); retry_after > 0) {
    return core::Fail(RateLimited(retry_after));
  }
  if (input->honeypot) {
    LogDropped(ctx, "honeypot");
    return Received();
  }
  if (check == FormTokenCheck::kTooFast) {
    LogDropped(ctx, "filled_too_fast");
    return Received();
  }
  auto r = (*conn)->Execute(sql::kCaptureLead,
                            db::Params{input->email, input->phone, input->fields.dump(),
                                       input->touch.dump(), ctx.request.request_id, ip});
  if (!r) return core::Fail(r.error());
  return Received();
}

Response FormToken(const core::Keyring& keys) {
  return Response::Json(200, json{{"token", IssueFormToken(keys, NowUnix())},
                                  {"min_fill_seconds", kMinFillSeconds},
                                  {"expires_in", kTokenMaxAgeSeconds}}
                                 .dump());
}

}  // namespace

void RegisterCaptureRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                           const std::vector<std::string>& origins) {
  db::Pool* p = &pool;
  const core::Keyring* k = &keys;
  router.Add({"GET", "/leads/capture/token",
              [k](RequestContext&) -> core::Result<Response> { return FormToken(*k); },
              http::kPublic, "none",
              "A signed token for the public lead form (send it back as form_token, no sooner "
              "than min_fill_seconds)",
              http::BodyKind::kNone, http::RowKind::kNone,
              http::RouteDoc{.response = http::DocShape::kOne, .output = &FormTokenResource()}})
      << http::CorsOrigins{origins};
  http::RouteDoc doc;
  doc.input = &CaptureResource();
  doc.response = http::DocShape::kObject;
  doc.status = 202;
  http::Route& capture = router.Add(
      {"POST", "/leads/capture", [p, k](RequestContext& ctx) { return CaptureLead(*p, *k, ctx); },
       http::kPublic, "write",
       "The public lead form: a new lead, or a new touch of the open lead with the same email "
       "or phone. 202 with the same answer whatever became of it; 429 past the rate limits",
       http::BodyKind::kJson, http::RowKind::kNone, doc});
  capture.max_body_bytes = kMaxCaptureBytes;
  capture << http::CorsOrigins{origins} << http::Documents{413, 429};
}

}  // namespace imedic::marketing
