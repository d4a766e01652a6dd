#include "domains/patients/record_routes.hpp"

#include "core/uuid.hpp"
#include "domains/identity/sql/queries.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "domains/patients/resources.hpp"
#include "domains/patients/sql/queries.hpp"

namespace imedic::patients {

namespace {

using api::BoundTable;
using api::RecordService;
using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;

// Runs a read whose first cell is the JSON answer; no row is a 404.
core::Result<Response> ReadOne(db::Pool& pool, const db::Query& query, const db::Params& params) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(query, params);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

// What the record operations do with the path id, or with the caller's own
// id on /me routes.
enum class Op { kRead, kCreate, kPatch, kDelete, kRestore };

core::Result<Response> Run(const RecordService& records, const BoundTable& t, Op op,
                           const RequestContext& ctx, std::string_view key) {
  switch (op) {
    case Op::kRead: return records.Read(t, ctx, key);
    case Op::kCreate: return records.Create(t, ctx, key);
    case Op::kPatch: return records.Patch(t, ctx, key);
    case Op::kDelete: return records.Delete(t, ctx, key);
    case Op::kRestore: return records.Restore(t, ctx, key);
  }
  return core::Fail(core::Error::Internal("unknown record operation"));
}

http::Handler ById(const RecordService& records, const BoundTable& t, Op op) {
  return [&records, &t, op](RequestContext& ctx) {
    return Run(records, t, op, ctx, ctx.params.Get("id"));
  };
}

// /me routes of patient records: keyed by the caller's own patient profile.
http::Handler OwnPatient(const RecordService& records, const BoundTable& t, Op op) {
  return [&records, &t, op](RequestContext& ctx) -> core::Result<Response> {
    const auto& own = ctx.principal->patient_profile_id;
    if (!own) {
      return core::Fail(core::Error::NotFound("this account has no patient profile yet"));
    }
    return Run(records, t, op, ctx, *own);
  };
}

// /me routes keyed by the caller's user id.
http::Handler OwnUser(const RecordService& records, const BoundTable& t, Op op) {
  return [&records, &t, op](RequestContext& ctx) {
    return Run(records, t, op, ctx, ctx.principal->user_id);
  };
}

RouteDoc Doc(const BoundTable& t, Op op) {
  const api::Resource* r = t.binding.resource;
  switch (op) {
    case Op::kRead: return {r, DocShape::kNone, DocShape::kOne, 200};
    case Op::kCreate: return {r, DocShape::kCreate, DocShape::kOne, 201};
    case Op::kPatch: return {r, DocShape::kPatch, DocShape::kOne, 200};
    case Op::kDelete: return {r, DocShape::kNone, DocShape::kNone, 204};
    case Op::kRestore: return {r, DocShape::kNone, DocShape::kOne, 200};
  }
  return {};
}

BodyKind BodyOf(Op op) {
  return op == Op::kCreate || op == Op::kPatch ? BodyKind::kJson : BodyKind::kNone;
}

const char* MethodOf(Op op) {
  switch (op) {
    case Op::kRead: return "GET";
    case Op::kCreate: return "POST";
    case Op::kPatch: return "PATCH";
    case Op::kDelete: return "DELETE";
    case Op::kRestore: return "POST";
  }
  return "GET";
}

const char* AuditOf(Op op, bool sensitive) {
  if (op == Op::kRead) return sensitive ? "read" : "none";
  return "write";
}

struct Permissions {
  const char* read;
  const char* write;
};

// The routes of one record kind under a base path with {id}, and its /me twin.
void AddRecordRoutes(http::Router& router, const RecordService& records, const BoundTable& t,
                     const std::string& base, const std::string& me_path, RowKind row,
                     Permissions perm, const std::string& noun, bool patient_owned) {
  const bool sensitive = t.binding.audit_reads;
  struct Spec {
    Op op;
    const char* what;
  };
  const Spec ops[] = {{Op::kRead, "Read"},
                      {Op::kCreate, "Create"},
                      {Op::kPatch, "Change (JSON merge patch)"},
                      {Op::kDelete, "Delete (restorable)"}};
  for (const Spec& s : ops) {
    // Patient profiles are created by their patient (POST /me/patient-profile).
    if (s.op == Op::kCreate && t.binding.owner == api::Owner::kPatient) continue;
    router.Add({MethodOf(s.op), base, ById(records, t, s.op),
                s.op == Op::kRead ? perm.read : perm.write, AuditOf(s.op, sensitive),
                std::string(s.what) + " " + noun, BodyOf(s.op), row, Doc(t, s.op)});
  }
  router.Add({"POST", base + "/restore", ById(records, t, Op::kRestore), "records.restore", "write",
              "Restore a deleted " + noun, BodyKind::kNone, row, Doc(t, Op::kRestore)});
  if (me_path.empty()) return;
  for (Op op : {Op::kRead, Op::kCreate, Op::kPatch}) {
    const bool own_profile_create = op == Op::kCreate && t.binding.owner == api::Owner::kPatient;
    http::Handler h = patient_owned && !own_profile_create ? OwnPatient(records, t, op)
                                                           : OwnUser(records, t, op);
    const char* permission = op == Op::kRead ? perm.read : perm.write;
    if (!patient_owned) permission = http::kAuthenticated;
    router.Add({MethodOf(op), me_path, std::move(h), permission, AuditOf(op, sensitive),
                std::string(op == Op::kRead     ? "Read"
                            : op == Op::kCreate ? "Create"
                                                : "Change") +
                    " the caller's own " + noun,
                BodyOf(op), RowKind::kNone, Doc(t, op)});
  }
}

// Photo ids are encrypted at rest, so the database cannot check them: every
// id must be a live file uploaded for this patient.
core::Result<void> CheckPhotosBelongToPatient(db::Connection& conn, const nlohmann::json& body,
                                              const std::string& patient_id) {
  auto it = body.find("photos");
  if (it == body.end() || !it->is_array() || it->empty()) return {};
  std::string ids = "{";
  for (std::size_t i = 0; i < it->size(); ++i) ids += (i ? "," : "") + (*it)[i].get<std::string>();
  ids += "}";
  auto r = conn.Execute(sql::kCountPatientFiles, db::Params{patient_id, ids});
  if (!r) return core::Fail(r.error());
  if (std::stoul(std::string(r->Get(0, 0))) != it->size()) {
    return core::Fail(core::Error::InvalidInput(
        "unknown photos", {{"photos", "must be ids of files uploaded for this patient"}}));
  }
  return {};
}

}  // namespace

void RegisterRecordRoutes(http::Router& router, db::Pool& pool, RecordService& records) {
  using api::Binding;
  using api::Owner;
  const BoundTable& patients = records.Bind(Binding{
      .resource = &api::PatientProfileResource(), .owner = Owner::kPatient, .audit_reads = true});
  const BoundTable& histories = records.Bind(Binding{.resource = &api::MedicalHistoryResource(),
                                                     .owner = Owner::kPatientChild,
                                                     .key_column = "patient_profile_id",
                                                     .audit_reads = true,
                                                     .service_columns = {"last_updated_by"}});
  const BoundTable& hair = records.Bind(Binding{.resource = &api::HairLossProfileResource(),
                                                .owner = Owner::kPatientChild,
                                                .key_column = "patient_profile_id",
                                                .audit_reads = true,
                                                .before_seal = CheckPhotosBelongToPatient});
  const BoundTable& profiles = records.Bind(Binding{
      .resource = &api::UserProfileResource(), .owner = Owner::kUser, .key_column = "user_id"});

  router.Add({"GET", "/patients",
              [&records, &patients](RequestContext& ctx) {
                return records.List(patients, ctx, "/patients");
              },
              "patients.read", "read", "List the patients within the caller's scope",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{patients.binding.resource, DocShape::kNone, DocShape::kPage, 200}});
  router.Add({"GET", "/user-profiles",
              [&records, &profiles](RequestContext& ctx) {
                return records.List(profiles, ctx, "/user-profiles");
              },
              "users.read", "none", "List users' profiles (filters, sorting, pages)",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{profiles.binding.resource, DocShape::kNone, DocShape::kPage, 200}});
  AddRecordRoutes(router, records, patients, "/patients/{id}", "/me/patient-profile",
                  RowKind::kPatient, {"patients.read", "patients.write"}, "patient profile", true);
  AddRecordRoutes(router, records, histories, "/patients/{id}/medical-history",
                  "/me/medical-history", RowKind::kPatient,
                  {"patients.medical.read", "patients.medical.write"}, "medical history", true);
  AddRecordRoutes(router, records, hair, "/patients/{id}/hair-loss-profile",
                  "/me/hair-loss-profile", RowKind::kPatient,
                  {"patients.medical.read", "patients.medical.write"}, "hair-loss profile", true);
  AddRecordRoutes(router, records, profiles, "/users/{id}/profile", "/me/profile", RowKind::kUser,
                  {"users.read", "users.manage"}, "user profile", false);

  router.Add({"GET", "/leads/{id}",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                std::string_view id = ctx.params.Get("id");
                if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
                return ReadOne(pool, marketing::sql::kReadLead,
                               db::Params{id, ctx.principal->user_id,
                                          core::ScopeName(ctx.principal->lead_scope)});
              },
              "leads.read", "none", "A lead within the caller's lead scope", BodyKind::kNone,
              RowKind::kLead});
  router.Add({"GET", "/users/{id}",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                std::string_view id = ctx.params.Get("id");
                if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
                return ReadOne(pool, identity::sql::kReadUserContact, db::Params{id});
              },
              "users.read", "none", "A user's identity and contact data", BodyKind::kNone,
              RowKind::kUser});
}

}  // namespace imedic::patients
