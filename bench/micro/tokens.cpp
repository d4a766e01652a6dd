// Per-request token work (session lookup hashes the bearer token) and the
// contact normalisation of sign-up and profile writes.
#include <string>

#include <benchmark/benchmark.h>

#include "core/contact.hpp"
#include "core/opaque_token.hpp"

namespace imedic::micro {
namespace {

void Hash(benchmark::State& state) {
  const std::string token = core::NewOpaqueToken("imd_s_");
  for (auto _ : state) {
    std::string h = core::TokenHash(token);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(Hash)->Name("TokenHash");

void NewToken(benchmark::State& state) {
  for (auto _ : state) {
    std::string t = core::NewOpaqueToken("imd_s_");
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(NewToken)->Name("NewOpaqueToken");

void Phone(benchmark::State& state, const char* input, bool valid) {
  if (core::NormalizePhone(input).has_value() != valid) {
    state.SkipWithError("unexpected outcome");
    return;
  }
  for (auto _ : state) {
    auto e164 = core::NormalizePhone(input);
    benchmark::DoNotOptimize(e164);
  }
}
BENCHMARK_CAPTURE(Phone, valid_tr, "+90 (532) 123-45-67", true)->Name("NormalizePhone/valid_tr");
BENCHMARK_CAPTURE(Phone, invalid, "+90 12", false)->Name("NormalizePhone/invalid");

void Email(benchmark::State& state) {
  for (auto _ : state) {
    auto e = core::NormalizeEmail("  Zanzibar.Quillfeather@Example.COM ");
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(Email)->Name("NormalizeEmail");

}  // namespace
}  // namespace imedic::micro
