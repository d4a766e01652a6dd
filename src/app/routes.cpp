#include "app/routes.hpp"

#include "app/health.hpp"
#include "app/services.hpp"

namespace imedic::app {

void RegisterRoutes(http::Router& router, Services& s) {
  router.Add({"GET", "/healthz", [](auto& ctx) { return Healthz(ctx); }, "public", "none",
              "Liveness: the process is up"});
  router.Add({"GET", "/readyz", [&s](auto& ctx) { return Readyz(s, ctx); }, "public", "none",
              "Readiness: database reachable and schema current"});
  router.Add({"GET", "/version", [&s](auto& ctx) { return Version(s, ctx); }, "public", "none",
              "Build and schema version"});
}

}  // namespace imedic::app
