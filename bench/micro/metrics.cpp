// What recording costs on the hot path: one request observation (counter +
// histogram, the dispatcher's share per answer) and one statement timing,
// single-threaded and from two threads at once (the shared lock's cost).
#include "core/metrics.hpp"

#include <benchmark/benchmark.h>

namespace imedic::micro {
namespace {

void ObserveRequest(benchmark::State& state) {
  for (auto _ : state) {
    core::metrics::ObserveRequest("GET", "/bookings/{id}", 200, 0.0012);
  }
}
BENCHMARK(ObserveRequest)->Threads(1)->Threads(2);

void ObserveStatement(benchmark::State& state) {
  for (auto _ : state) core::metrics::ObserveStatement("care.read_booking", 0.0004);
}
BENCHMARK(ObserveStatement)->Threads(1)->Threads(2);

}  // namespace
}  // namespace imedic::micro
