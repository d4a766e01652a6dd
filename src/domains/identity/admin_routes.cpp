#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/contact.hpp"
#include "core/log.hpp"
#include "core/opaque_token.hpp"
#include "core/password.hpp"
#include "core/uuid.hpp"
#include "db/text_array.hpp"
#include "domains/identity/authenticator.hpp"
#include "domains/identity/identity_routes.hpp"
#include "domains/identity/sql/queries.hpp"
#include "http/json_body.hpp"

namespace imedic::identity {

namespace {

using http::BodyKind;
using http::FieldReader;
using http::RequestContext;
using http::Response;
using http::RowKind;
using Json = nlohmann::json;

// An {id} path parameter that is not a UUID names no row: 404.
core::Result<std::string> PathId(const RequestContext& ctx, std::string_view name = "id") {
  std::string_view id = ctx.params.Get(name);
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  return std::string(id);
}

std::optional<std::string> UuidField(FieldReader& f, std::string_view name) {
  auto v = f.String(name, true, 36, 36);
  if (v && !core::IsUuid(*v)) {
    f.AddError(std::string(name), "must be a UUID");
    return std::nullopt;
  }
  return v;
}

// Runs a statement with the standard trailing parameters of audited admin
// writes: actor, request id, ip, actor role.
core::Result<db::PgResult> RunAudited(db::Pool& pool, const db::Query& q, db::Params params,
                                      const RequestContext& ctx, bool actor_first = true) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  RequestMeta m = MetaFrom(ctx);
  if (actor_first) params.Add(ctx.principal->user_id);
  params.Add(m.request_id).Add(m.ip).Add(ctx.principal->AuditRole());
  return (*conn)->Execute(q, params);
}

core::Result<Response> JsonFromFirstCell(core::Result<db::PgResult> r, int status = 200) {
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(status, std::string(r->Get(0, 0)));
}

}  // namespace

void RegisterAdminRoutes(http::Router& router, IdentityService& svc, db::Pool& pool) {
  router.Add({"POST", "/admin/users",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto raw_email = f.String("email", true, 254);
                std::optional<std::string> email;
                if (raw_email && !(email = core::NormalizeEmail(*raw_email))) {
                  f.AddError("email", "is not a valid email address");
                }
                auto type = f.Enum("user_type", true, {"staff", "provider", "admin"});
                auto first = f.String("first_name", true, 100, 1);
                auto last = f.String("last_name", true, 100, 1);
                auto roles = f.StringArray("roles", true, 10, 40);
                auto password = f.String("password", false, 256);
                if (password) {
                  if (auto p = core::PasswordProblem(*password)) f.AddError("password", *p);
                }
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto id = svc.CreateStaffUser(*email, *type, *first, *last, password, *roles,
                                              ctx.principal->user_id, ctx.principal->AuditRole(),
                                              MetaFrom(ctx));
                if (!id) return core::Fail(id.error());
                Response r = Response::Json(201, Json{{"id", *id}}.dump());
                r.headers.emplace_back("location", "/admin/users/" + *id);
                return r;
              },
              "users.manage", "write", "Create a staff, provider or admin account",
              BodyKind::kJson})
      << http::kHashesPasswords;

  auto status_route = [&pool](const char* target) {
    return [&pool, target](RequestContext& ctx) -> core::Result<Response> {
      auto id = PathId(ctx);
      if (!id) return core::Fail(id.error());
      if (*id == ctx.principal->user_id) {
        return core::Fail(
            core::Error(core::ErrorCode::kConflict, "you cannot change your own status"));
      }
      auto r = RunAudited(pool, sql::kSetUserStatus, db::Params{*id, target}, ctx);
      if (!r) return core::Fail(r.error());
      if (r->rows() != 1) {
        return core::Fail(core::Error::NotFound("no such user, or already " + std::string(target)));
      }
      return Response::Json(200, Json{{"id", *id}, {"status", target}}.dump());
    };
  };
  router.Add({"POST", "/admin/users/{id}/suspend", status_route("suspended"), "users.manage",
              "write", "Suspend a user: ends their sessions and tokens", BodyKind::kNone,
              RowKind::kUser})
      << http::AccessChange::kAnyone;
  router.Add({"POST", "/admin/users/{id}/reactivate", status_route("active"), "users.manage",
              "write", "Reactivate a suspended user", BodyKind::kNone, RowKind::kUser})
      << http::AccessChange::kAnyone;

  router.Add({"POST", "/admin/users/{id}/mfa/reset",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto id = PathId(ctx);
                if (!id) return core::Fail(id.error());
                auto r = RunAudited(pool, sql::kResetSecondFactor, db::Params{*id}, ctx);
                if (!r) return core::Fail(r.error());
                if (r->rows() != 1) {
                  return core::Fail(core::Error::NotFound("no such user with a second factor"));
                }
                return Response::Json(200, R"({"status":"second_factor_reset"})");
              },
              "users.manage", "write",
              "Reset a user's lost second factor; they enrol again at next sign-in",
              BodyKind::kNone, RowKind::kUser})
      << http::AccessChange::kAnyone;

  router.Add(
      {"POST", "/admin/users/{id}/roles",
       [&pool](RequestContext& ctx) -> core::Result<Response> {
         auto id = PathId(ctx);
         if (!id) return core::Fail(id.error());
         auto body = http::ParseJsonObject(ctx.request.body);
         if (!body) return core::Fail(body.error());
         FieldReader f(*body);
         auto role = f.String("role", true, 40, 1);
         if (auto done = f.Finish(); !done) return core::Fail(done.error());
         auto r = RunAudited(pool, sql::kGrantRole, db::Params{*id, *role}, ctx);
         if (!r) return core::Fail(r.error());
         if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such user"));
         if (r->Get(0, 0) == "not_assignable") {
           return core::Fail(core::Error::InvalidInput(
               "this role does not exist or cannot be held by this user",
               {{"role", "unknown or not assignable to this user type"}}));
         }
         return Response::Json(
             200,
             Json{{"user_id", *id}, {"role", *role}, {"result", std::string(r->Get(0, 0))}}.dump());
       },
       "roles.manage", "write", "Grant a role to a user", BodyKind::kJson, RowKind::kUser})
      << http::AccessChange::kAnyone;

  router.Add({"DELETE", "/admin/users/{id}/roles/{role}",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto id = PathId(ctx);
                if (!id) return core::Fail(id.error());
                auto r = RunAudited(pool, sql::kRevokeRole,
                                    db::Params{*id, std::string(ctx.params.Get("role"))}, ctx);
                if (!r) return core::Fail(r.error());
                if (r->rows() != 1)
                  return core::Fail(core::Error::NotFound("the user does not hold this role"));
                return Response::Json(200, R"({"status":"revoked"})");
              },
              "roles.manage", "write", "Revoke a role from a user", BodyKind::kNone,
              RowKind::kUser})
      << http::AccessChange::kAnyone;

  router.Add({"GET", "/admin/roles",
              [&pool](RequestContext&) -> core::Result<Response> {
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                return JsonFromFirstCell((*conn)->Execute(sql::kListRoles));
              },
              "roles.manage", "none", "Roles and their permissions"});

  router.Add({"GET", "/admin/permissions",
              [&pool](RequestContext&) -> core::Result<Response> {
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                return JsonFromFirstCell((*conn)->Execute(sql::kListPermissions));
              },
              "roles.manage", "none", "Every permission with its sensitivity tier"});

  router.Add({"PUT", "/admin/roles/{role}/permissions",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto perms = f.StringArray("permissions", true, 100, 60);
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto r = RunAudited(
                    pool, sql::kSetRolePermissions,
                    db::Params{std::string(ctx.params.Get("role")), db::ToTextArray(*perms)}, ctx);
                if (!r) {
                  core::Error e = r.error();
                  if (e.code == core::ErrorCode::kInvalidInput) {
                    e.fields = {{"permissions", "holds an unknown permission"}};
                  }
                  return core::Fail(e);
                }
                if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such role"));
                return Response::Json(
                    200, Json{{"role", ctx.params.Get("role")}, {"permissions", *perms}}.dump());
              },
              "roles.manage", "write", "Replace a role's permissions", BodyKind::kJson})
      << http::AccessChange::kAnyone;

  router.Add({"PUT", "/admin/settings/sales-lead-scope",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto value = f.Enum("value", true, {"assigned", "all"});
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                RequestMeta m = MetaFrom(ctx);
                auto r = (*conn)->Execute(sql::kSetLeadScope,
                                          db::Params{*value, ctx.principal->user_id, m.request_id,
                                                     m.ip, ctx.principal->AuditRole()});
                if (!r) return core::Fail(r.error());
                return Response::Json(200, Json{{"sales.lead_scope", *value}}.dump());
              },
              "roles.manage", "write", "Sales see only their assigned leads, or all leads",
              BodyKind::kJson})
      << http::AccessChange::kAnyone;

  router.Add(
      {"POST", "/admin/providers/{id}/members",
       [&pool](RequestContext& ctx) -> core::Result<Response> {
         auto provider = PathId(ctx);
         if (!provider) return core::Fail(provider.error());
         auto body = http::ParseJsonObject(ctx.request.body);
         if (!body) return core::Fail(body.error());
         FieldReader f(*body);
         auto user = UuidField(f, "user_id");
         if (auto done = f.Finish(); !done) return core::Fail(done.error());
         auto r = RunAudited(pool, sql::kAddProviderMember, db::Params{*user, *provider}, ctx);
         if (!r) return core::Fail(r.error());
         if (r->rows() != 1) {
           return core::Fail(core::Error::InvalidInput(
               "no such provider, or the user is not a provider-type account",
               {{"user_id", "must be a provider-type user"}}));
         }
         return Response::Json(200, Json{{"provider_id", *provider}, {"user_id", *user}}.dump());
       },
       "users.manage", "write", "Make a provider user a member of a provider", BodyKind::kJson,
       RowKind::kProvider})
      << http::AccessChange::kAnyone;

  router.Add(
      {"POST", "/admin/care-assignments",
       [&pool](RequestContext& ctx) -> core::Result<Response> {
         auto body = http::ParseJsonObject(ctx.request.body);
         if (!body) return core::Fail(body.error());
         FieldReader f(*body);
         auto staff = UuidField(f, "staff_user_id");
         auto patient = UuidField(f, "patient_profile_id");
         auto kind = f.Enum("kind", true, {"medical", "care_coordinator"});
         if (auto done = f.Finish(); !done) return core::Fail(done.error());
         auto r = RunAudited(pool, sql::kAssignCare, db::Params{*staff, *patient, *kind}, ctx);
         if (!r) return core::Fail(r.error());
         if (r->rows() != 1) {
           return core::Fail(core::Error::InvalidInput(
               "unknown patient, or the staff member lacks the role for this kind",
               {{"staff_user_id", "must hold the role named by kind"}}));
         }
         return Response::Json(201, Json{{"id", r->Get(0, 0)}}.dump());
       },
       "care.assign", "write", "Assign a clinician or coordinator to a patient", BodyKind::kJson});

  router.Add(
      {"POST", "/break-glass",
       [&pool](RequestContext& ctx) -> core::Result<Response> {
         auto body = http::ParseJsonObject(ctx.request.body);
         if (!body) return core::Fail(body.error());
         FieldReader f(*body);
         auto patient = UuidField(f, "patient_profile_id");
         auto reason = f.String("reason", true, 1000, 10);
         auto minutes = f.Int("minutes", false, 5, 240);
         if (auto done = f.Finish(); !done) return core::Fail(done.error());
         auto conn = pool.Acquire();
         if (!conn) return core::Fail(conn.error());
         RequestMeta m = MetaFrom(ctx);
         auto r = (*conn)->Execute(
             sql::kBreakGlass, db::Params{ctx.principal->user_id, *patient, minutes.value_or(60),
                                          *reason, m.request_id, m.ip, ctx.principal->AuditRole()});
         if (!r) return core::Fail(r.error());
         if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such patient"));
         core::log::Warn("break_glass")
             .Str("request_id", m.request_id)
             .Str("actor_user_id", ctx.principal->user_id)
             .Str("patient_profile_id", *patient)
             .Emit();
         return Response::Json(201, std::string(r->Get(0, 0)));
       },
       "breakglass.use", "write",
       "Emergency access to a patient outside one's scope, with a stated reason", BodyKind::kJson});

  router.Add({"POST", "/me/api-tokens",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                if (ctx.principal->via_api_token) {
                  return core::Fail(core::Error(core::ErrorCode::kForbidden,
                                                "API tokens cannot issue API tokens"));
                }
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto name = f.String("name", true, 100, 1);
                auto scopes = f.StringArray("scopes", true, 50, 60);
                auto days = f.Int("expires_in_days", false, 1, 730);
                if (scopes) {
                  for (const auto& s : *scopes) {
                    if (!ctx.principal->Has(s)) {
                      f.AddError("scopes", "holds a permission this account does not have: " + s);
                      break;
                    }
                  }
                }
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                std::string token = core::NewOpaqueToken(kApiTokenPrefix);
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                RequestMeta m = MetaFrom(ctx);
                auto r = (*conn)->Execute(
                    sql::kCreateApiToken,
                    db::Params{ctx.principal->user_id, *name, core::TokenHash(token),
                               db::ToTextArray(*scopes),
                               days ? std::optional<int>(static_cast<int>(*days)) : std::nullopt,
                               m.request_id, m.ip, ctx.principal->AuditRole()});
                if (!r) return core::Fail(r.error());
                auto out = Json::parse(r->Get(0, 0));
                out["token"] = token;  // shown once
                return Response::Json(201, out.dump());
              },
              "api_tokens.manage", "write", "Issue an API token limited to some permissions",
              BodyKind::kJson});

  router.Add({"GET", "/me/api-tokens",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                return JsonFromFirstCell(
                    (*conn)->Execute(sql::kListApiTokens, db::Params{ctx.principal->user_id}));
              },
              "api_tokens.manage", "none", "The caller's live API tokens"});

  router.Add({"DELETE", "/me/api-tokens/{id}",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto id = PathId(ctx);
                if (!id) return core::Fail(id.error());
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                RequestMeta m = MetaFrom(ctx);
                auto r = (*conn)->Execute(sql::kRevokeApiToken,
                                          db::Params{*id, ctx.principal->user_id, m.request_id,
                                                     m.ip, ctx.principal->AuditRole()});
                if (!r) return core::Fail(r.error());
                if (r->rows() != 1) return core::Fail(core::Error::NotFound());
                return Response::Json(200, R"({"status":"revoked"})");
              },
              "api_tokens.manage", "write", "Revoke one of the caller's API tokens",
              BodyKind::kNone, RowKind::kSelf})
      << http::AccessChange::kCaller;
}

}  // namespace imedic::identity
