#include "domains/patients/patient_registration.hpp"

#include <vector>

#include "core/contact.hpp"
#include "domains/care/idempotency.hpp"
#include "domains/identity/invitation.hpp"
#include "domains/patients/bindings.hpp"
#include "domains/patients/sql/queries.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"
#include "records/common_fields.hpp"

namespace imedic::patients {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;
using records::Access;
using records::FieldType;
using records::Format;

void CheckProfileObject(const json& value, std::string_view prefix,
                        std::vector<core::FieldError>& errors) {
  if (!value.is_object()) errors.push_back({std::string(prefix), "must be an object"});
}

json ProfileObjectSchema() {
  return {{"type", "object"},
          {"description", "The fields of POST /me/patient-profile (medical_condition required)"}};
}

}  // namespace

core::Result<NewPatient> PersonOf(const json& body) {
  NewPatient p{.email = "",
               .phone = std::nullopt,
               .first_name = http::OptionalString(body, "first_name").value_or(""),
               .last_name = http::OptionalString(body, "last_name").value_or(""),
               .language = http::OptionalString(body, "preferred_language"),
               .profile = json::object()};
  if (auto it = body.find("profile"); it != body.end() && it->is_object()) p.profile = *it;
  std::vector<core::FieldError> errors;
  if (auto email = http::OptionalString(body, "email")) {
    auto normal = core::NormalizeEmail(*email);
    if (normal) p.email = *normal;
    else errors.push_back({"email", "not an email address"});
  }
  if (auto phone = http::OptionalString(body, "phone")) {
    p.phone = core::NormalizePhone(*phone);
    if (!p.phone) errors.push_back({"phone", "not a phone number in international form"});
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid request body", std::move(errors)));
  }
  return p;
}

namespace {

core::Result<Response> RegisterPatient(db::Pool& pool, const PatientRegistrar& registrar,
                                       RequestContext& ctx) {
  auto object = http::ParseJsonObject(ctx.request.body);
  if (!object) return core::Fail(object.error());
  auto body = records::ValidateBody(PatientRegistrationResource(), *object,
                                    records::WriteMode::kCreate);
  if (!body) return core::Fail(body.error());
  std::vector<core::FieldError> missing;
  for (const char* name : {"email", "first_name", "last_name", "profile"}) {
    if (!body->contains(name) || (*body)[name].is_null()) {
      missing.push_back({name, "is required"});
    }
  }
  if (!missing.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid request body", std::move(missing)));
  }
  auto key = care::IdempotencyKeyOf(ctx.request);
  if (!key) return core::Fail(key.error());
  auto person = PersonOf(*body);
  if (!person) return core::Fail(person.error());
  NewPatient p = std::move(*person);
  return care::RunIdempotent(
      pool, ctx.principal->user_id, *key, care::RequestFingerprint(ctx.request),
      [&](db::Connection& conn) -> core::Result<Response> {
        auto r = registrar.Register(conn, ctx, p);
        if (!r) return core::Fail(r.error());
        Response out = Response::Json(201, json{{"user_id", r->user_id},
                                                {"patient_profile_id", r->patient_profile_id},
                                                {"patient_reference", r->patient_reference},
                                                {"lead_id", nullptr}}
                                               .dump());
        out.headers.emplace_back("location", "/patients/" + r->patient_profile_id);
        return out;
      });
}

}  // namespace

PatientRegistrar::PatientRegistrar(records::RecordService& records)
    : records_(records), profiles_(records.Bind(PatientProfileBinding())) {}

core::Result<RegisteredPatient> PatientRegistrar::Register(db::Connection& conn,
                                                           const http::RequestContext& ctx,
                                                           const NewPatient& patient) const {
  const core::Principal& who = *ctx.principal;
  identity::InviteActor actor{who.user_id, who.AuditRole(), ctx.request.request_id, std::nullopt};
  if (!ctx.request.remote_address.empty()) actor.ip = ctx.request.remote_address;
  auto user = identity::CreateInvitedPatient(
      conn, {patient.email, patient.phone, patient.first_name, patient.last_name, patient.language},
      actor);
  if (!user) return core::Fail(user.error());
  // The profile's create guard lets a caller create a profile for their own
  // user or with the 'all' scope; the registrar has just created this user
  // itself, in this transaction, for a caller holding patients.register.
  auto created = records_.CreateIn(conn, profiles_, ctx, *user, patient.profile, "all");
  if (!created) return core::Fail(created.error());
  const json doc = json::parse(created->body);
  RegisteredPatient out{*user, doc.at("id").get<std::string>(),
                        doc.at("patient_id").get<std::string>()};
  auto event = conn.Execute(sql::kRecordRegistration,
                            db::Params{out.patient_profile_id, out.user_id, who.user_id});
  if (!event) return core::Fail(event.error());
  return out;
}

const records::Resource& PatientRegistrationResource() {
  static const records::Resource r{
      .name = "StaffPatientRegistration",
      .table = "users",
      .description =
          "A patient registered by staff on their behalf: the person and their "
          "profile (POST /patients needs email, first_name, last_name and profile; "
          "a lead conversion takes the lead's own where not given)",
      .fields = {
          {.name = "email",
           .access = Access::kCreateOnly,
           .max_len = 254,
           .format = Format::kEmail,
           .description = "Where the invitation to claim the account goes"},
          {.name = "phone",
           .access = Access::kCreateOnly,
           .max_len = 32,
           .format = Format::kE164,
           .description = "Phone in international form; stored as E.164"},
          {.name = "first_name",
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = 100,
           .description = "Given name"},
          {.name = "last_name",
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = 100,
           .description = "Family name"},
          {.name = "preferred_language",
           .access = Access::kCreateOnly,
           .max_len = 35,
           .format = Format::kLanguage,
           .description = "BCP 47 language tag"},
          {.name = "profile",
           .type = FieldType::kJson,
           .access = Access::kCreateOnly,
           .shape = CheckProfileObject,
           .shape_schema = ProfileObjectSchema,
           .description = "The patient profile, as POST /me/patient-profile takes it"},
      }};
  return r;
}

const records::Resource& RegisteredPatientResource() {
  static const records::Resource r{
      .name = "RegisteredPatient",
      .table = "patient_profiles",
      .description = "The account and patient profile created; the invitation is on its way",
      .fields = {
          records::ServerField("user_id", FieldType::kUuid, "The new account", false),
          records::ServerField("patient_profile_id", FieldType::kUuid, "The patient profile",
                               false),
          records::ServerField("patient_reference", FieldType::kString, "PAT-YYYY-NNNNNN", false),
          records::ServerField("lead_id", FieldType::kUuid, "The lead converted, if any"),
      }};
  return r;
}

void RegisterPatientRegistrationRoute(http::Router& router, db::Pool& pool,
                                      std::shared_ptr<const PatientRegistrar> registrar) {
  db::Pool* p = &pool;
  RouteDoc doc;
  doc.input = &PatientRegistrationResource();
  doc.output = &RegisteredPatientResource();
  doc.response = DocShape::kOne;
  doc.status = 201;
  router.Add({"POST", "/patients",
              [p, registrar](RequestContext& ctx) { return RegisterPatient(*p, *registrar, ctx); },
              "patients.register", "write",
              "Register a patient on their behalf: the account (no password), the patient "
              "profile and an emailed invitation to claim the account (Idempotency-Key)",
              BodyKind::kJson, RowKind::kNone, doc})
      << http::Documents{409};
}

}  // namespace imedic::patients
