#include "domains/privacy/consent_routes.hpp"

#include <utility>
#include <vector>

#include "core/uuid.hpp"
#include "domains/privacy/consent_resources.hpp"
#include "domains/privacy/sql/queries.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::privacy {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;

constexpr std::size_t kMaxUserAgent = 512;

bool IsLowerHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<std::string> OptionalString(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The database's refusals of rules the body check also enforces (a race
// with nothing, but the constraint is the rule's definition), and an
// unknown provider, as 422s naming the field.
core::Error ExplainConsentError(core::Error error) {
  const std::string c = error.constraint;
  std::string field, message;
  if (c == "consent_events_provider_id_fkey") {
    field = "provider_id";
    message = "no such provider";
  } else if (c == "consent_events_provider_check") {
    field = "provider_id";
    message = "required for medical_sharing, refused for every other purpose";
  } else if (c == "consent_events_given_text") {
    field = "text_sha256";
    message = "a consent given needs text_version and text_sha256";
  } else {
    return error;
  }
  core::Error e = core::Error::InvalidInput(message, {{field, message}});
  e.internal_detail = std::move(error.internal_detail);
  e.constraint = c;
  return e;
}

// Who records for whom. `self`: the subject is the caller, recorded_by NULL.
struct Recording {
  std::string subject;
  bool self = false;
};

core::Result<Response> Record(db::Pool& pool, RequestContext& ctx, const Recording& rec) {
  auto change = ReadConsentChange(ctx.request.body);
  if (!change) return core::Fail(change.error());
  const core::Principal& who = *ctx.principal;
  std::optional<std::string> ip;
  if (!ctx.request.remote_address.empty()) ip = ctx.request.remote_address;
  std::optional<std::string> recorded_by;
  if (!rec.self) recorded_by = who.user_id;
  // Holders of consents.read oversee everyone's consents; others record
  // within their patient and lead scopes (consent_subject_visible).
  const bool all = who.Has("consents.read");
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kConsentRecord,
      db::Params{rec.subject, change->purpose, change->provider_id, change->action,
                 change->text_version, change->text_sha256, change->channel, ip,
                 EvidenceUserAgent(ctx.request.HeaderValue("user-agent")), recorded_by, who.user_id,
                 who.patient_scopes.ToSql(), std::string(core::ScopeName(who.lead_scope)),
                 all ? "true" : "false", who.AuditRole(), ctx.request.request_id});
  if (!r) return core::Fail(ExplainConsentError(r.error()));
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(201, std::string(r->Get(0, 0)));
}

core::Result<Response> Ledger(db::Pool& pool, RequestContext& ctx, const std::string& subject,
                              bool audited) {
  const core::Principal& who = *ctx.principal;
  std::optional<std::string> ip;
  if (!ctx.request.remote_address.empty()) ip = ctx.request.remote_address;
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kConsentLedger, db::Params{subject, who.user_id, who.AuditRole(), ctx.request.request_id,
                                      ip, audited ? "true" : "false"});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

// A path id that is not a UUID names no user: 404, like an unknown one.
core::Result<std::string> SubjectOf(const RequestContext& ctx) {
  auto id = core::ParseUuid(ctx.params.Get("id"));
  if (!id) return core::Fail(core::Error::NotFound());
  return std::move(*id);
}

RouteDoc Doc(const records::Resource* input, const records::Resource& output, int status) {
  RouteDoc d;
  d.input = input;
  d.output = &output;
  d.response = DocShape::kOne;
  d.status = status;
  return d;
}

}  // namespace

std::optional<std::string> EvidenceUserAgent(std::string_view header) {
  if (header.empty()) return std::nullopt;
  std::string out(header.substr(0, kMaxUserAgent));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return out;
}

core::Result<ConsentChange> ReadConsentChange(std::string_view body) {
  auto object = http::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(ConsentChangeResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  ConsentChange c{(*valid)["purpose"].get<std::string>(), (*valid)["action"].get<std::string>(),
                  (*valid)["channel"].get<std::string>(), OptionalString(*valid, "provider_id"),
                  OptionalString(*valid, "text_version"), OptionalString(*valid, "text_sha256")};
  std::vector<core::FieldError> errors;
  if (c.text_sha256 && !IsLowerHex64(*c.text_sha256)) {
    errors.push_back({"text_sha256", "must be 64 lower-case hex digits (SHA-256)"});
  }
  if (c.action == "given") {
    if (!c.text_version) errors.push_back({"text_version", "required when the consent is given"});
    if (!c.text_sha256) errors.push_back({"text_sha256", "required when the consent is given"});
  }
  if (c.purpose == "medical_sharing" && !c.provider_id) {
    errors.push_back({"provider_id", "required for medical_sharing"});
  } else if (c.purpose != "medical_sharing" && c.provider_id) {
    errors.push_back({"provider_id", "only medical_sharing names a provider"});
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid consent", std::move(errors)));
  }
  return c;
}

void RegisterConsentRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  router.Add({"GET", "/me/consents",
              [p](RequestContext& ctx) {
                return Ledger(*p, ctx, ctx.principal->user_id, /*audited=*/false);
              },
              http::kAuthenticated, "none",
              "The caller's consents: the current state per purpose and every event",
              BodyKind::kNone, RowKind::kSelf, Doc(nullptr, ConsentLedgerResource(), 200)});
  router.Add({"POST", "/me/consents",
              [p](RequestContext& ctx) {
                return Record(*p, ctx, {ctx.principal->user_id, /*self=*/true});
              },
              http::kAuthenticated, "write",
              "Give or withdraw consent to one purpose (the text's version and SHA-256 "
              "when given); the request's address and user agent are kept as evidence",
              BodyKind::kJson, RowKind::kSelf,
              Doc(&ConsentChangeResource(), ConsentEventResource(), 201)});
  router.Add({"GET", "/users/{id}/consents",
              [p](RequestContext& ctx) -> core::Result<Response> {
                auto subject = SubjectOf(ctx);
                if (!subject) return core::Fail(subject.error());
                return Ledger(*p, ctx, *subject, /*audited=*/true);
              },
              "consents.read", "read", "A person's consents: current state and every event",
              BodyKind::kNone, RowKind::kUser, Doc(nullptr, ConsentLedgerResource(), 200)});
  router.Add({"POST", "/users/{id}/consents",
              [p](RequestContext& ctx) -> core::Result<Response> {
                auto subject = SubjectOf(ctx);
                if (!subject) return core::Fail(subject.error());
                return Record(*p, ctx, {*subject, /*self=*/false});
              },
              "consents.write", "write",
              "Record a consent given or withdrawn on a person's behalf (a phone call), "
              "for a patient or lead in the caller's scope",
              BodyKind::kJson, RowKind::kUser,
              Doc(&ConsentChangeResource(), ConsentEventResource(), 201)});
}

}  // namespace imedic::privacy
