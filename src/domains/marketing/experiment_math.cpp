#include "domains/marketing/experiment_math.hpp"

#include <cmath>
#include <numeric>
#include <string>

#include "core/hash.hpp"

namespace imedic::marketing {

namespace {
constexpr double kZ975 = 1.959963984540054;  // Φ⁻¹(0.975)
}  // namespace

std::size_t AssignVariant(std::string_view experiment_id, std::string_view lead_id,
                          const std::vector<int>& weights) {
  std::string key(experiment_id);
  key += ':';
  key += lead_id;
  const std::string hex = core::Sha256Hex(key);
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = hex[i];
    h = h * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  const auto total =
      static_cast<std::uint64_t>(std::accumulate(weights.begin(), weights.end(), 0LL));
  std::uint64_t bucket = h % total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const auto w = static_cast<std::uint64_t>(weights[i]);
    if (bucket < w) return i;
    bucket -= w;
  }
  return weights.size() - 1;  // unreachable: bucket < total
}

double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double NormalQuantile(double p) {
  double lo = -40, hi = 40;
  while (hi - lo > 1e-12) {
    const double mid = (lo + hi) / 2;
    (NormalCdf(mid) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

VariantComparison CompareToControl(std::int64_t control_exposures, std::int64_t control_conversions,
                                   std::int64_t variant_exposures,
                                   std::int64_t variant_conversions) {
  VariantComparison c;
  const auto n1 = static_cast<double>(control_exposures);
  const auto n2 = static_cast<double>(variant_exposures);
  if (n1 > 0) c.control_rate = static_cast<double>(control_conversions) / n1;
  if (n2 > 0) c.variant_rate = static_cast<double>(variant_conversions) / n2;
  c.lift = c.variant_rate - c.control_rate;
  if (n1 <= 0 || n2 <= 0) {
    c.ci_low = c.ci_high = c.lift;
    return c;
  }
  const double p1 = c.control_rate, p2 = c.variant_rate;
  const double se = std::sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
  c.ci_low = c.lift - kZ975 * se;
  c.ci_high = c.lift + kZ975 * se;
  const double pooled = static_cast<double>(control_conversions + variant_conversions) / (n1 + n2);
  const double se_pooled = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se_pooled > 0) {
    c.z = c.lift / se_pooled;
    c.p_value = std::erfc(std::abs(*c.z) / std::sqrt(2.0));  // = 2 · (1 − Φ(|z|))
  }
  return c;
}

std::int64_t SampleSizePerVariant(double baseline, double mde, double alpha, double power) {
  const double p1 = baseline, p2 = baseline + mde;
  const double mean = (p1 + p2) / 2;
  const double za = NormalQuantile(1 - alpha / 2);
  const double zb = NormalQuantile(power);
  const double root = za * std::sqrt(2 * mean * (1 - mean)) +
                      zb * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return static_cast<std::int64_t>(std::ceil(root * root / (mde * mde) - 1e-9));
}

}  // namespace imedic::marketing
