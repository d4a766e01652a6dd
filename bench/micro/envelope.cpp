// Envelope encryption (src/domains/privacy/data_keys.hpp): sealing and
// opening one field with a patient's data key, and making and opening the
// wrapped data key itself.
#include <string>

#include <benchmark/benchmark.h>

#include "domains/privacy/data_keys.hpp"
#include "fixtures.hpp"

namespace imedic::micro {
namespace {

constexpr const char* kColumn = "medical_histories.additional_notes";

const core::MasterKey& DataKey() {
  static const privacy::NewDataKey key = privacy::NewWrappedDataKey(BenchKeyring(), kPatientId);
  return key.key;
}

void Encrypt(benchmark::State& state) {
  const std::string plain(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    std::string sealed = privacy::EncryptField(DataKey(), plain, kColumn, kPatientId);
    benchmark::DoNotOptimize(sealed);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(Encrypt)->Name("EncryptField")->Arg(64)->Arg(4096);

void Decrypt(benchmark::State& state) {
  const std::string plain(static_cast<std::size_t>(state.range(0)), 'x');
  const std::string sealed = privacy::EncryptField(DataKey(), plain, kColumn, kPatientId);
  auto check = privacy::DecryptField(DataKey(), sealed, kColumn, kPatientId);
  if (!check || *check != plain) {
    state.SkipWithError("does not open");
    return;
  }
  for (auto _ : state) {
    auto opened = privacy::DecryptField(DataKey(), sealed, kColumn, kPatientId);
    benchmark::DoNotOptimize(opened);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(Decrypt)->Name("DecryptField")->Arg(64)->Arg(4096);

void NewWrapped(benchmark::State& state) {
  for (auto _ : state) {
    privacy::NewDataKey key = privacy::NewWrappedDataKey(BenchKeyring(), kPatientId);
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(NewWrapped)->Name("NewWrappedDataKey");

void Unwrap(benchmark::State& state) {
  const privacy::NewDataKey fresh = privacy::NewWrappedDataKey(BenchKeyring(), kPatientId);
  if (!privacy::UnwrapDataKey(BenchKeyring(), fresh.wrapped, kPatientId)) {
    state.SkipWithError("does not unwrap");
    return;
  }
  for (auto _ : state) {
    auto key = privacy::UnwrapDataKey(BenchKeyring(), fresh.wrapped, kPatientId);
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(Unwrap)->Name("UnwrapDataKey");

}  // namespace
}  // namespace imedic::micro
