#include "domains/patients/record_routes.hpp"

#include "core/uuid.hpp"
#include "domains/identity/sql/queries.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "domains/patients/sql/queries.hpp"

namespace imedic::patients {

namespace {

using http::RequestContext;
using http::Response;
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

// A scoped, audited read of patient data: $1 id, $2 caller, $3 scope,
// $4 request id, $5 ip, $6 role.
http::Handler PatientRead(db::Pool& pool, const db::Query& query) {
  return [&pool, &query](RequestContext& ctx) -> core::Result<Response> {
    std::string_view id = ctx.params.Get("id");
    if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
    const core::Principal& p = *ctx.principal;
    std::optional<std::string> ip;
    if (!ctx.request.remote_address.empty()) ip = ctx.request.remote_address;
    return ReadOne(pool, query,
                   db::Params{id, p.user_id, p.patient_scopes.ToSql(), ctx.request.request_id, ip,
                              p.AuditRole()});
  };
}

}  // namespace

void RegisterRecordRoutes(http::Router& router, db::Pool& pool) {
  router.Add({"GET", "/patients/{id}", PatientRead(pool, sql::kReadPatientProfile), "patients.read",
              "read", "A patient profile within the caller's scope", http::BodyKind::kNone,
              RowKind::kPatient});
  router.Add({"GET", "/patients/{id}/medical-history", PatientRead(pool, sql::kReadMedicalHistory),
              "patients.medical.read", "read",
              "A patient's medical history within the caller's scope", http::BodyKind::kNone,
              RowKind::kPatient});
  router.Add({"GET", "/leads/{id}",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                std::string_view id = ctx.params.Get("id");
                if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
                return ReadOne(pool, marketing::sql::kReadLead,
                               db::Params{id, ctx.principal->user_id,
                                          core::ScopeName(ctx.principal->lead_scope)});
              },
              "leads.read", "none", "A lead within the caller's lead scope", http::BodyKind::kNone,
              RowKind::kLead});
  router.Add({"GET", "/users/{id}",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                std::string_view id = ctx.params.Get("id");
                if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
                return ReadOne(pool, identity::sql::kReadUserContact, db::Params{id});
              },
              "users.read", "none", "A user's identity and contact data", http::BodyKind::kNone,
              RowKind::kUser});
}

}  // namespace imedic::patients
