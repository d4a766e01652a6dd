// The administration routes: each reads its declared body (admin_bodies),
// calls AdminService and answers; the same declarations document body and
// answer in the OpenAPI document, with the status the route really gives.
#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "domains/identity/admin_bodies.hpp"
#include "domains/identity/identity_routes.hpp"

namespace imedic::identity {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RowKind;
using Json = nlohmann::json;
namespace bodies = admin_bodies;

// An {id} path parameter that is not a UUID names no row: 404.
core::Result<std::string> PathId(const RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  return std::string(id);
}

std::vector<std::string> Strings(const Json& array) {
  return array.get<std::vector<std::string>>();
}

// Scopes of a new API token must be permissions the caller holds.
BodyCheck ScopesHeldBy(const core::Principal& who) {
  return [&who](const Json& body, std::vector<core::FieldError>& errors) {
    auto it = body.find("scopes");
    if (it == body.end() || !it->is_array() || Names(errors, "scopes")) return;
    for (const auto& s : *it) {
      if (s.is_string() && !who.Has(s.get<std::string>())) {
        errors.push_back(
            {"scopes", "holds a permission this account does not have: " + s.get<std::string>()});
        return;
      }
    }
  };
}

}  // namespace

void RegisterAdminRoutes(http::Router& router, IdentityService& identity, db::Pool&) {
  AdminService& svc = identity.admin();

  router.Add({"POST", "/admin/users",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::NewStaffAccount(),
                                     [](const Json& b, std::vector<core::FieldError>& errors) {
                                       CheckNewPassword(b, "password", errors);
                                     });
                if (!body) return core::Fail(body.error());
                NewStaffAccount account{
                    (*body)["email"],          (*body)["user_type"],
                    (*body)["first_name"],     (*body)["last_name"],
                    Strings((*body)["roles"]), OptionalString(*body, "password")};
                auto id = svc.CreateUser(account, *ctx.principal, MetaFrom(ctx));
                if (!id) return core::Fail(id.error());
                Response r = Response::Json(201, Json{{"id", *id}}.dump());
                r.headers.emplace_back("location", "/admin/users/" + *id);
                return r;
              },
              "users.manage", "write", "Create a staff, provider or admin account", BodyKind::kJson,
              RowKind::kNone,
              CommandDoc(&bodies::NewStaffAccount(), bodies::Created(), 201, DocShape::kOne, true)})
      << http::kHashesPasswords;

  auto status_route = [&svc](const char* target) {
    return [&svc, target](RequestContext& ctx) -> core::Result<Response> {
      auto id = PathId(ctx);
      if (!id) return core::Fail(id.error());
      auto r = svc.SetUserStatus(*id, target, *ctx.principal, MetaFrom(ctx));
      if (!r) return core::Fail(r.error());
      return Response::Json(200, Json{{"id", *id}, {"status", target}}.dump());
    };
  };
  // 409: an administrator cannot change their own status.
  router.Add({"POST", "/admin/users/{id}/suspend", status_route("suspended"), "users.manage",
              "write", "Suspend a user: ends their sessions and tokens", BodyKind::kNone,
              RowKind::kUser, CommandDoc(nullptr, bodies::UserStatus(), 200, DocShape::kOne, true)})
      << http::AccessChange::kAnyone;
  router.Add({"POST", "/admin/users/{id}/reactivate", status_route("active"), "users.manage",
              "write", "Reactivate a suspended user", BodyKind::kNone, RowKind::kUser,
              CommandDoc(nullptr, bodies::UserStatus(), 200, DocShape::kOne, true)})
      << http::AccessChange::kAnyone;

  router.Add({"POST", "/admin/users/{id}/mfa/reset",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto id = PathId(ctx);
                if (!id) return core::Fail(id.error());
                auto r = svc.ResetSecondFactor(*id, *ctx.principal, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"second_factor_reset"})");
              },
              "users.manage", "write",
              "Reset a user's lost second factor; they enrol again at next sign-in",
              BodyKind::kNone, RowKind::kUser,
              CommandDoc(nullptr, bodies::SecondFactorReset(), 200)})
      << http::AccessChange::kAnyone;

  router.Add({"POST", "/admin/users/{id}/roles",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto id = PathId(ctx);
                if (!id) return core::Fail(id.error());
                auto body = ReadBody(ctx.request.body, bodies::RoleGrant());
                if (!body) return core::Fail(body.error());
                const std::string role = (*body)["role"];
                auto result = svc.GrantRole(*id, role, *ctx.principal, MetaFrom(ctx));
                if (!result) return core::Fail(result.error());
                return Response::Json(
                    200, Json{{"user_id", *id}, {"role", role}, {"result", *result}}.dump());
              },
              "roles.manage", "write", "Grant a role to a user", BodyKind::kJson, RowKind::kUser,
              CommandDoc(&bodies::RoleGrant(), bodies::RoleGrantResult(), 200)})
      << http::AccessChange::kAnyone;

  router.Add({"DELETE", "/admin/users/{id}/roles/{role}",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto id = PathId(ctx);
                if (!id) return core::Fail(id.error());
                auto r = svc.RevokeRole(*id, std::string(ctx.params.Get("role")), *ctx.principal,
                                        MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"revoked"})");
              },
              "roles.manage", "write", "Revoke a role from a user", BodyKind::kNone, RowKind::kUser,
              CommandDoc(nullptr, bodies::Revoked(), 200)})
      << http::AccessChange::kAnyone;

  router.Add({"GET", "/admin/roles",
              [&svc](RequestContext&) -> core::Result<Response> {
                auto roles = svc.ListRoles();
                if (!roles) return core::Fail(roles.error());
                return Response::Json(200, *roles);
              },
              "roles.manage", "none", "Roles and their permissions", BodyKind::kNone,
              RowKind::kNone, CommandDoc(nullptr, bodies::Role(), 200, DocShape::kList)});

  router.Add({"GET", "/admin/permissions",
              [&svc](RequestContext&) -> core::Result<Response> {
                auto permissions = svc.ListPermissions();
                if (!permissions) return core::Fail(permissions.error());
                return Response::Json(200, *permissions);
              },
              "roles.manage", "none", "Every permission with its sensitivity tier", BodyKind::kNone,
              RowKind::kNone, CommandDoc(nullptr, bodies::Permission(), 200, DocShape::kList)});

  router.Add(
      {"PUT", "/admin/roles/{role}/permissions",
       [&svc](RequestContext& ctx) -> core::Result<Response> {
         auto body = ReadBody(ctx.request.body, bodies::RolePermissions());
         if (!body) return core::Fail(body.error());
         const std::string role(ctx.params.Get("role"));
         const std::vector<std::string> permissions = Strings((*body)["permissions"]);
         auto r = svc.SetRolePermissions(role, permissions, *ctx.principal, MetaFrom(ctx));
         if (!r) return core::Fail(r.error());
         return Response::Json(200, Json{{"role", role}, {"permissions", permissions}}.dump());
       },
       "roles.manage", "write", "Replace a role's permissions", BodyKind::kJson, RowKind::kNone,
       CommandDoc(&bodies::RolePermissions(), bodies::RolePermissionsSet(), 200)})
      << http::AccessChange::kAnyone;

  router.Add({"PUT", "/admin/settings/sales-lead-scope",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::LeadScopeSetting());
                if (!body) return core::Fail(body.error());
                const std::string value = (*body)["value"];
                auto r = svc.SetLeadScope(value, *ctx.principal, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, Json{{"sales.lead_scope", value}}.dump());
              },
              "roles.manage", "write", "Sales see only their assigned leads, or all leads",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::LeadScopeSetting(), bodies::LeadScope(), 200)})
      << http::AccessChange::kAnyone;

  router.Add(
      {"POST", "/admin/providers/{id}/members",
       [&svc](RequestContext& ctx) -> core::Result<Response> {
         auto provider = PathId(ctx);
         if (!provider) return core::Fail(provider.error());
         auto body = ReadBody(ctx.request.body, bodies::ProviderMemberInput());
         if (!body) return core::Fail(body.error());
         const std::string user = (*body)["user_id"];
         auto r = svc.AddProviderMember(*provider, user, *ctx.principal, MetaFrom(ctx));
         if (!r) return core::Fail(r.error());
         return Response::Json(200, Json{{"provider_id", *provider}, {"user_id", user}}.dump());
       },
       "users.manage", "write", "Make a provider user a member of a provider", BodyKind::kJson,
       RowKind::kProvider,
       CommandDoc(&bodies::ProviderMemberInput(), bodies::ProviderMember(), 200)})
      << http::AccessChange::kAnyone;

  router.Add({"POST", "/admin/care-assignments",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::CareAssignmentInput());
                if (!body) return core::Fail(body.error());
                auto id = svc.AssignCare((*body)["staff_user_id"], (*body)["patient_profile_id"],
                                         (*body)["kind"], *ctx.principal, MetaFrom(ctx));
                if (!id) return core::Fail(id.error());
                return Response::Json(201, Json{{"id", *id}}.dump());
              },
              "care.assign", "write", "Assign a clinician or coordinator to a patient",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::CareAssignmentInput(), bodies::Created(), 201)});

  router.Add(
      {"POST", "/break-glass",
       [&svc](RequestContext& ctx) -> core::Result<Response> {
         auto body = ReadBody(ctx.request.body, bodies::BreakGlassRequest());
         if (!body) return core::Fail(body.error());
         auto grant = svc.BreakGlass((*body)["patient_profile_id"], (*body)["reason"],
                                     body->value("minutes", 60), *ctx.principal, MetaFrom(ctx));
         if (!grant) return core::Fail(grant.error());
         return Response::Json(201, *grant);
       },
       "breakglass.use", "write",
       "Emergency access to a patient outside one's scope, with a stated reason", BodyKind::kJson,
       RowKind::kNone, CommandDoc(&bodies::BreakGlassRequest(), bodies::BreakGlassGrant(), 201)});

  router.Add({"POST", "/me/api-tokens",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                if (ctx.principal->via_api_token) {
                  return core::Fail(core::Error(core::ErrorCode::kForbidden,
                                                "API tokens cannot issue API tokens"));
                }
                auto body = ReadBody(ctx.request.body, bodies::ApiTokenRequest(),
                                     ScopesHeldBy(*ctx.principal));
                if (!body) return core::Fail(body.error());
                ApiTokenRequest request{(*body)["name"], Strings((*body)["scopes"]), std::nullopt};
                if (body->contains("expires_in_days")) {
                  request.expires_in_days = (*body)["expires_in_days"].get<int>();
                }
                auto token = svc.CreateApiToken(request, *ctx.principal, MetaFrom(ctx));
                if (!token) return core::Fail(token.error());
                return Response::Json(201, *token);
              },
              "api_tokens.manage", "write", "Issue an API token limited to some permissions",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::ApiTokenRequest(), bodies::IssuedApiToken(), 201)});

  router.Add({"GET", "/me/api-tokens",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto tokens = svc.ListApiTokens(*ctx.principal);
                if (!tokens) return core::Fail(tokens.error());
                return Response::Json(200, *tokens);
              },
              "api_tokens.manage", "none", "The caller's live API tokens", BodyKind::kNone,
              RowKind::kNone, CommandDoc(nullptr, bodies::ApiToken(), 200, DocShape::kList)});

  router.Add({"DELETE", "/me/api-tokens/{id}",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto id = PathId(ctx);
                if (!id) return core::Fail(id.error());
                auto r = svc.RevokeApiToken(*id, *ctx.principal, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"revoked"})");
              },
              "api_tokens.manage", "write", "Revoke one of the caller's API tokens",
              BodyKind::kNone, RowKind::kSelf, CommandDoc(nullptr, bodies::Revoked(), 200)})
      << http::AccessChange::kCaller;
}

}  // namespace imedic::identity
