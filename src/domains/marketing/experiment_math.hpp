// The arithmetic of A/B/n experiments, apart from any database: the sticky
// assignment of a lead to a variant, the comparison of a variant with the
// control (rates, absolute lift, its 95% Wald interval, the two-proportion
// z-test) and the sample size per variant for a planned test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace imedic::marketing {

// The variant (an index into `weights`) of a lead in an experiment: the
// first 8 bytes of SHA-256("<experiment id>:<lead id>") as a big-endian
// number, modulo the total weight, falls into one variant's share. The same
// lead always gets the same variant; over many leads each variant gets its
// weight's share. REQUIRES: weights non-empty, each ≥ 1.
std::size_t AssignVariant(std::string_view experiment_id, std::string_view lead_id,
                          const std::vector<int>& weights);

// Φ(z), the standard normal CDF, as erfc(−z/√2)/2.
double NormalCdf(double z);
// Φ⁻¹(p) for 0 < p < 1 (bisection on NormalCdf to 1e-12).
double NormalQuantile(double p);

struct VariantComparison {
  double control_rate = 0;
  double variant_rate = 0;
  double lift = 0;  // variant_rate − control_rate (absolute)
  // The 95% Wald interval of the lift: lift ± 1.959964 · √(p₁q₁/n₁ + p₂q₂/n₂).
  double ci_low = 0, ci_high = 0;
  // The two-proportion z-test with the pooled rate: z = lift / √(p̂q̂(1/n₁ + 1/n₂)),
  // p = 2 · (1 − Φ(|z|)). Absent when a side has no exposures or the pooled
  // rate is 0 or 1 (no variance to test against).
  std::optional<double> z, p_value;
};

VariantComparison CompareToControl(std::int64_t control_exposures, std::int64_t control_conversions,
                                   std::int64_t variant_exposures,
                                   std::int64_t variant_conversions);

// Leads per variant to detect an absolute change of `mde` from the rate
// `baseline` with a two-sided test at `alpha` and the given `power`:
// n = (z_{1−α/2} · √(2 p̄ q̄) + z_{power} · √(p₁q₁ + p₂q₂))² / mde², rounded up,
// with p₂ = baseline + mde and p̄ their mean. REQUIRES: 0 < baseline,
// baseline + mde < 1, mde ≠ 0, 0 < alpha < 1, 0 < power < 1.
std::int64_t SampleSizePerVariant(double baseline, double mde, double alpha, double power);

}  // namespace imedic::marketing
