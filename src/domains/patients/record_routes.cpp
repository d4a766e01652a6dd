#include "domains/patients/record_routes.hpp"

#include "domains/patients/bindings.hpp"
#include "records/record_routes.hpp"

namespace imedic::patients {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::RouteDoc;
using http::RowKind;
using records::Op;

core::Result<std::string> OwnProfileId(const RequestContext& ctx) {
  const auto& own = ctx.principal->patient_profile_id;
  if (!own) return core::Fail(core::Error::NotFound("this account has no patient profile yet"));
  return *own;
}

// /me/patient-profile: created for the caller's user, then keyed by the
// caller's own patient profile.
core::Result<std::string> OwnProfile(const RequestContext& ctx, Op op) {
  if (op == Op::kCreate) return ctx.principal->user_id;
  return OwnProfileId(ctx);
}

// /me routes of a patient's records: keyed by the caller's own patient profile.
core::Result<std::string> OwnRecord(const RequestContext& ctx, Op /*op*/) {
  return OwnProfileId(ctx);
}

// A patient profile is part of what its patient's tokens stand for (the
// principal carries its id): creating one's own changes the caller's,
// deleting or restoring one changes its patient's.
http::AccessChange ProfileAccessChange(Op op) {
  if (op == Op::kCreate) return http::AccessChange::kCaller;
  if (op == Op::kDelete || op == Op::kRestore) return http::AccessChange::kAnyone;
  return http::AccessChange::kNone;
}

}  // namespace

void RegisterRecordRoutes(http::Router& router, records::RecordService& records) {
  const records::BoundTable& patients = records.Bind(PatientProfileBinding());
  const records::BoundTable& histories = records.Bind(MedicalHistoryBinding());
  const records::BoundTable& hair = records.Bind(HairLossProfileBinding());

  router.Add({"GET", "/patients",
              [&records, &patients](RequestContext& ctx) {
                return records.List(patients, ctx, "/patients");
              },
              "patients.read", "read", "List the patients within the caller's scope",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{patients.binding.resource, DocShape::kNone, DocShape::kPage, 200}});
  // Patient profiles are created by their patient (POST /me/patient-profile).
  records::AddRecordRoutes(router, records, patients,
                           {.base = "/patients/{id}",
                            .row = RowKind::kPatient,
                            .read_permission = "patients.read",
                            .write_permission = "patients.write",
                            .restore_permission = "records.restore",
                            .noun = "patient profile",
                            .create_by_id = false,
                            .me_path = "/me/patient-profile",
                            .own_key = OwnProfile,
                            .access_change = ProfileAccessChange});
  records::AddRecordRoutes(router, records, histories,
                           {.base = "/patients/{id}/medical-history",
                            .row = RowKind::kPatient,
                            .read_permission = "patients.medical.read",
                            .write_permission = "patients.medical.write",
                            .restore_permission = "records.restore",
                            .noun = "medical history",
                            .me_path = "/me/medical-history",
                            .own_key = OwnRecord});
  records::AddRecordRoutes(router, records, hair,
                           {.base = "/patients/{id}/hair-loss-profile",
                            .row = RowKind::kPatient,
                            .read_permission = "patients.medical.read",
                            .write_permission = "patients.medical.write",
                            .restore_permission = "records.restore",
                            .noun = "hair-loss profile",
                            .me_path = "/me/hair-loss-profile",
                            .own_key = OwnRecord});
}

}  // namespace imedic::patients
