#include "domains/marketing/conversion_routes.hpp"

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "domains/care/idempotency.hpp"
#include "domains/marketing/lead_request.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::marketing {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

constexpr const char* kRegisterPermission = "patients.register";

core::Error AlreadyConverted() {
  core::Error e(core::ErrorCode::kConflict, "the lead is converted already",
                {{"id", "is converted already"}});
  e.constraint = "leads_already_converted";
  return e;
}

// What the lead knows fills what the body leaves out: the person's name,
// email, phone and language, and the profile's condition (the procedure
// the lead asked about).
void FillFromLead(patients::NewPatient& p, const db::PgResult& lead) {
  auto from = [&](int column) { return lead.GetOptional(0, column); };
  if (p.email.empty()) p.email = from(2).value_or("");
  if (!p.phone) p.phone = from(3);
  if (p.first_name.empty()) p.first_name = from(4).value_or("");
  if (p.last_name.empty()) p.last_name = from(5).value_or("");
  if (!p.language) p.language = from(6);
  if (!p.profile.contains("medical_condition") && from(7)) {
    p.profile["medical_condition"] = *from(7);
  }
}

core::Result<void> CheckComplete(const patients::NewPatient& p) {
  std::vector<core::FieldError> missing;
  if (p.email.empty()) missing.push_back({"email", "the lead has none: give one"});
  if (p.first_name.empty()) missing.push_back({"first_name", "the lead has none: give one"});
  if (p.last_name.empty()) missing.push_back({"last_name", "the lead has none: give one"});
  if (!missing.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid request body", std::move(missing)));
  }
  return {};
}

core::Result<Response> Convert(db::Pool& pool, const patients::PatientRegistrar& registrar,
                               RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  if (!ctx.principal->Has(kRegisterPermission)) {
    return core::Fail(core::Error(core::ErrorCode::kForbidden,
                                  "converting a lead registers a patient: it needs "
                                  "patients.register"));
  }
  auto key = care::IdempotencyKeyOf(ctx.request);
  if (!key) return core::Fail(key.error());
  const LeadCaller c = LeadCallerOf(ctx);
  return care::RunIdempotent(
      pool, c.user_id, *key, care::RequestFingerprint(ctx.request),
      [&](db::Connection& conn) -> core::Result<Response> {
        // The lead decides 404 and 409 before the body is judged.
        auto lead = conn.Execute(sql::kLeadForConversion, db::Params{id, c.user_id, c.scope});
        if (!lead) return core::Fail(lead.error());
        if (lead->rows() != 1) return core::Fail(core::Error::NotFound());
        if (lead->GetOptional(0, 1) || lead->Get(0, 0) == "converted") {
          return core::Fail(AlreadyConverted());
        }
        if (lead->Get(0, 0) == "lost") {
          core::Error e(core::ErrorCode::kConflict,
                        "a lost lead is moved back to nurturing before it converts",
                        {{"stage", "is lost"}});
          e.constraint = "leads_stage_transition";
          return core::Fail(e);
        }
        json object = json::object();
        if (!ctx.request.body.empty()) {
          auto parsed = http::ParseJsonObject(ctx.request.body);
          if (!parsed) return core::Fail(parsed.error());
          object = std::move(*parsed);
        }
        auto body = records::ValidateBody(patients::PatientRegistrationResource(), object,
                                          records::WriteMode::kCreate);
        if (!body) return core::Fail(body.error());
        auto person = patients::PersonOf(*body);
        if (!person) return core::Fail(person.error());
        FillFromLead(*person, *lead);
        if (auto ok = CheckComplete(*person); !ok) return core::Fail(ok.error());
        auto registered = registrar.Register(conn, ctx, *person);
        if (!registered) return core::Fail(registered.error());
        auto converted = conn.Execute(
            sql::kConvertLead, db::Params{id, registered->user_id, registered->patient_profile_id,
                                          c.user_id, c.role, c.request_id, c.ip});
        if (!converted) return core::Fail(ExplainLeadError(converted.error()));
        if (converted->Get(0, 0) != "t") return core::Fail(AlreadyConverted());
        Response out = Response::Json(201,
                                      json{{"user_id", registered->user_id},
                                           {"patient_profile_id", registered->patient_profile_id},
                                           {"patient_reference", registered->patient_reference},
                                           {"lead_id", id}}
                                          .dump());
        out.headers.emplace_back("location", "/patients/" + registered->patient_profile_id);
        return out;
      });
}

}  // namespace

void RegisterConversionRoutes(http::Router& router, db::Pool& pool,
                              std::shared_ptr<const patients::PatientRegistrar> registrar) {
  db::Pool* p = &pool;
  RouteDoc doc;
  doc.input = &patients::PatientRegistrationResource();
  doc.output = &patients::RegisteredPatientResource();
  doc.response = DocShape::kOne;
  doc.status = 201;
  router.Add({"POST", "/leads/{id}/convert",
              [p, registrar](RequestContext& ctx) { return Convert(*p, *registrar, ctx); },
              "leads.write", "write",
              "Convert a lead: register the patient on their behalf (account, profile, emailed "
              "invitation; the lead's details fill what the body leaves out), link the lead "
              "both ways and move it to converted (needs patients.register too; 409 when "
              "converted already; Idempotency-Key)",
              BodyKind::kJson, RowKind::kLead, doc})
      << http::Documents{403, 409};
}

}  // namespace imedic::marketing
