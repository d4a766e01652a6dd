// http::Router::Match over the real route table. app::Application opens no
// connection when built (db::Pool connects lazily), so a bogus conninfo does.
#include <memory>

#include <benchmark/benchmark.h>

#include "app/application.hpp"
#include "fixtures.hpp"

namespace imedic::micro {
namespace {

const http::Router& RealRouter() {
  static const auto app = [] {
    app::ApplicationOptions options;
    options.conninfo = "host=/nonexistent dbname=none";  // never used: nothing is queried
    return std::make_unique<app::Application>(std::move(options), BenchKeyring());
  }();
  return app->router();
}

void Match(benchmark::State& state, const char* method, const char* path,
           http::RouteMatch::Kind expected) {
  const http::Router& router = RealRouter();
  if (router.Match(method, path).kind != expected) {
    state.SkipWithError("unexpected match kind");
    return;
  }
  for (auto _ : state) {
    auto m = router.Match(method, path);
    benchmark::DoNotOptimize(m);
  }
  state.counters["routes"] = static_cast<double>(router.routes().size());
}

using Kind = http::RouteMatch::Kind;
BENCHMARK_CAPTURE(Match, patient_history, "GET",
                  "/patients/3f2c8a9e-5b1d-4c7e-9a3f-2d8b6e1c4a70/medical-history", Kind::kFound);
BENCHMARK_CAPTURE(Match, public_healthz, "GET", "/healthz", Kind::kFound);
BENCHMARK_CAPTURE(Match, not_found_404, "GET", "/no/such/route/here", Kind::kNotFound);
BENCHMARK_CAPTURE(Match, method_405, "PUT", "/healthz", Kind::kMethodNotAllowed);

}  // namespace
}  // namespace imedic::micro
