#include "app/routes.hpp"

#include "app/docs_routes.hpp"
#include "app/health.hpp"
#include "app/services.hpp"
#include "domains/files/file_routes.hpp"
#include "domains/identity/identity_routes.hpp"
#include "domains/identity/profile_routes.hpp"
#include "domains/marketing/lead_routes.hpp"
#include "domains/patients/record_routes.hpp"
#include "domains/privacy/audit_routes.hpp"
#include "domains/providers/provider_routes.hpp"
#include "domains/providers/search_routes.hpp"

namespace imedic::app {

void RegisterRoutes(http::Router& router, Services& s) {
  router.Add({"GET", "/healthz", [](auto& ctx) { return Healthz(ctx); }, http::kPublic, "none",
              "Liveness: the process is up"});
  router.Add({"GET", "/readyz", [&s](auto& ctx) { return Readyz(s, ctx); }, http::kPublic, "none",
              "Readiness: database reachable and schema current"});
  router.Add({"GET", "/version", [&s](auto& ctx) { return Version(s, ctx); }, http::kPublic, "none",
              "Build and schema version"});
  identity::RegisterAuthRoutes(router, s.identity, s.pool);
  identity::RegisterAdminRoutes(router, s.identity, s.pool);
  patients::RegisterRecordRoutes(router, *s.records);
  identity::RegisterProfileRoutes(router, s.pool, *s.records);
  marketing::RegisterLeadRoutes(router, s.pool);
  providers::RegisterProviderRoutes(router, *s.records);
  providers::RegisterSearchRoutes(router, s.pool);
  privacy::RegisterAuditRoutes(router, s.pool);
  files::RegisterFileRoutes(router, s.pool, s.keys,
                            {.dir = s.files_dir, .max_upload_bytes = s.max_upload_bytes});
  MarkAccessChanges(router);
  // Last: /openapi.json describes every route registered before it.
  RegisterDocsRoutes(router, s.version, s.web_assets_dir);
}

void MarkAccessChanges(http::Router& router) {
  using http::AccessChange;
  // Each of these changes, when it succeeds, what some bearer token stands
  // for. The database triggers of migration 0016 announce the same changes
  // to every node; marking them here makes them take effect on this node
  // before the answer leaves (a logout is final for the very next request).
  struct Mark {
    const char* method;
    const char* pattern;
    AccessChange change;
  };
  static constexpr Mark kMarks[] = {
      {"POST", "/auth/refresh", AccessChange::kCaller},
      {"POST", "/auth/logout", AccessChange::kCaller},
      {"POST", "/auth/logout-all", AccessChange::kCaller},
      {"POST", "/auth/password/change", AccessChange::kCaller},
      {"POST", "/auth/mfa/totp", AccessChange::kCaller},
      {"POST", "/auth/mfa/totp/confirm", AccessChange::kCaller},
      {"POST", "/me/patient-profile", AccessChange::kCaller},
      {"DELETE", "/me/api-tokens/{id}", AccessChange::kCaller},
      {"POST", "/auth/password/reset", AccessChange::kAnyone},
      {"POST", "/admin/users/{id}/suspend", AccessChange::kAnyone},
      {"POST", "/admin/users/{id}/reactivate", AccessChange::kAnyone},
      {"POST", "/admin/users/{id}/mfa/reset", AccessChange::kAnyone},
      {"POST", "/admin/users/{id}/roles", AccessChange::kAnyone},
      {"DELETE", "/admin/users/{id}/roles/{role}", AccessChange::kAnyone},
      {"PUT", "/admin/roles/{role}/permissions", AccessChange::kAnyone},
      {"PUT", "/admin/settings/sales-lead-scope", AccessChange::kAnyone},
      {"POST", "/admin/providers/{id}/members", AccessChange::kAnyone},
      {"DELETE", "/patients/{id}", AccessChange::kAnyone},
      {"POST", "/patients/{id}/restore", AccessChange::kAnyone},
  };
  for (const auto& m : kMarks) router.SetAccessChange(m.method, m.pattern, m.change);
}

}  // namespace imedic::app
