// imedic_micro: Google Benchmark micro-benchmarks of the pure hot paths (no
// database, no network). Run from a release build:
//   build/release/bench/micro/imedic_micro
// Figures: bench/results/<date>-micro.md; what each benchmark covers:
// docs/architecture.md, section 12.
#include <benchmark/benchmark.h>

#include "core/random.hpp"

int main(int argc, char** argv) {
  imedic::core::InitCrypto();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
