// The arithmetic of lead scoring and experiments (issue 13, items 8 and 9),
// against answers worked out by hand: the rounding that makes a score's
// explanation add up to it, the rule and model scores, the logistic
// regression on data whose maximum-likelihood answer is known in closed
// form (and on a large synthetic sample with known coefficients), the AUC
// as the Mann-Whitney statistic, the sticky assignment, the comparison of a
// variant with the control and the sample-size formula.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "domains/marketing/experiment_math.hpp"
#include "domains/marketing/scoring_math.hpp"

namespace imedic::marketing {
namespace {

// A small deterministic generator (64-bit LCG, top 53 bits), so the
// synthetic data is the same on every run.
struct Lcg {
  std::uint64_t s;
  double Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  }
};

TEST(Apportion, WholePointsAddUpToTheRoundedSum) {
  EXPECT_EQ(Apportion({3.4, 3.3, 3.3}), (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(Apportion({0.5, 0.5}), (std::vector<int>{1, 0}));  // ties: the earlier part
  EXPECT_EQ(Apportion({50.0, -2.6, 10.3}), (std::vector<int>{50, -2, 10}));  // 57.7 → 58
  EXPECT_EQ(Apportion({2.2, 2.2}), (std::vector<int>{2, 2}));                // 4.4 → 4
  Lcg g{42};
  for (int round = 0; round < 10000; ++round) {
    std::vector<double> parts;
    const int n = 1 + static_cast<int>(g.Next() * 12);
    for (int i = 0; i < n; ++i) parts.push_back(g.Next() * 40 - 10);
    const double sum = std::accumulate(parts.begin(), parts.end(), 0.0);
    const std::vector<int> points = Apportion(parts);
    EXPECT_EQ(std::accumulate(points.begin(), points.end(), 0),
              static_cast<int>(std::floor(sum + 0.5)));
    for (int i = 0; i < n; ++i) EXPECT_LT(std::abs(points[i] - parts[i]), 1.0);
  }
}

FactorValues DefaultWeights() {
  return {{"country", 10},      {"procedure", 10},          {"budget", 15},
          {"timeline", 10},     {"contact_verified", 10},   {"channel_opt_in", 5},
          {"messages_in", 10},  {"messages_out", 5},        {"response_speed", 10},
          {"return_visits", 5}, {"consultation_booked", 10}};
}

TEST(RuleScore, WeightsTimesValuesWithHalvesGivenInOrder) {
  FactorValues half;
  for (const std::string& f : ScoreFactors()) half[f] = 0.5;
  const LeadScore s = RuleScore(half, DefaultWeights());
  EXPECT_EQ(s.score, 50);
  // 7.5, 2.5, 2.5, 2.5 are the halves; two spare points go to the first
  // two in the factors' alphabetical order (budget, channel_opt_in).
  std::map<std::string, int> points;
  int sum = 0;
  for (const Contribution& c : s.contributions) {
    points[c.factor] = c.points;
    sum += c.points;
  }
  EXPECT_EQ(sum, 50);
  EXPECT_EQ(points["budget"], 8);
  EXPECT_EQ(points["channel_opt_in"], 3);
  EXPECT_EQ(points["messages_out"], 2);
  EXPECT_EQ(points["return_visits"], 2);
  EXPECT_EQ(points["country"], 5);

  // Out-of-range values are clamped; a missing factor counts 0.
  const LeadScore top = RuleScore({{"budget", 3.0}, {"timeline", 1.0}}, DefaultWeights());
  EXPECT_EQ(top.score, 25);
  EXPECT_DOUBLE_EQ(RawRuleScore({{"budget", 0.5}}, DefaultWeights()), 7.5);
}

TEST(FitLogistic, OneBinaryFeatureHasTheClosedFormAnswer) {
  // x = 0: 3 of 10 convert; x = 1: 7 of 10. The maximum-likelihood fit
  // is b = ln(3/7), w = ln(7/3) − ln(3/7) = 2 ln(7/3).
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (int i = 0; i < 10; ++i) {
    rows.push_back({0.0});
    labels.push_back(i < 3 ? 1 : 0);
    rows.push_back({1.0});
    labels.push_back(i < 7 ? 1 : 0);
  }
  const LogisticModel m = FitLogistic({"x"}, rows, labels, 0.0);
  EXPECT_NEAR(m.intercept, std::log(3.0 / 7.0), 1e-9);
  EXPECT_NEAR(m.coefficients[0], 2 * std::log(7.0 / 3.0), 1e-9);
  EXPECT_DOUBLE_EQ(m.means[0], 0.5);
  // The L2 penalty shrinks the coefficient, not the intercept's freedom.
  const LogisticModel shrunk = FitLogistic({"x"}, rows, labels, 5.0);
  EXPECT_LT(shrunk.coefficients[0], m.coefficients[0]);
  EXPECT_GT(shrunk.coefficients[0], 0);
}

TEST(FitLogistic, RecoversKnownCoefficientsOfASyntheticSample) {
  // y ~ Bernoulli(σ(−1 + 2 x₁ − 3 x₂)), x uniform on [0, 1], 40 000 rows.
  Lcg g{7};
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (int i = 0; i < 40000; ++i) {
    const double x1 = g.Next(), x2 = g.Next();
    const double p = 1 / (1 + std::exp(-(-1 + 2 * x1 - 3 * x2)));
    rows.push_back({x1, x2});
    labels.push_back(g.Next() < p ? 1 : 0);
  }
  const LogisticModel m = FitLogistic({"x1", "x2"}, rows, labels, 1e-6);
  EXPECT_NEAR(m.intercept, -1.0, 0.12);
  EXPECT_NEAR(m.coefficients[0], 2.0, 0.15);
  EXPECT_NEAR(m.coefficients[1], -3.0, 0.15);
}

TEST(ModelScore, BaselineAndFactorsAddUpToTheScore) {
  LogisticModel m{{"a", "b", "c"}, {2.0, -1.5, 0.7}, -0.4, {0.3, 0.5, 0.2}};
  // The average lead scores the baseline and its factors give nothing.
  const LeadScore avg = ModelScore(m, {{"a", 0.3}, {"b", 0.5}, {"c", 0.2}});
  const double base = 100 / (1 + std::exp(-(-0.4 + 0.6 - 0.75 + 0.14)));  // 39.9…
  EXPECT_EQ(avg.score, static_cast<int>(std::floor(base + 0.5)));
  EXPECT_EQ(avg.contributions[0].factor, "baseline");
  for (std::size_t i = 1; i < avg.contributions.size(); ++i) {
    EXPECT_EQ(avg.contributions[i].points, 0);
  }
  Lcg g{3};
  for (int round = 0; round < 2000; ++round) {
    const FactorValues v{{"a", g.Next()}, {"b", g.Next()}, {"c", g.Next()}};
    const LeadScore s = ModelScore(m, v);
    const double z = -0.4 + 2.0 * v.at("a") - 1.5 * v.at("b") + 0.7 * v.at("c");
    EXPECT_EQ(s.score, static_cast<int>(std::floor(100 / (1 + std::exp(-z)) + 0.5)));
    int sum = 0;
    for (const Contribution& c : s.contributions) sum += c.points;
    EXPECT_EQ(sum, s.score);
  }
  // A lead far above the average on a: a's points carry the difference.
  const LeadScore high = ModelScore(m, {{"a", 1.0}, {"b", 0.5}, {"c", 0.2}});
  EXPECT_GT(high.contributions[1].points, 20);
  EXPECT_EQ(high.contributions[2].points, 0);
}

TEST(Auc, IsTheMannWhitneyStatisticWithTiesCountingHalf) {
  // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs.
  EXPECT_DOUBLE_EQ(Auc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
  // Positives 1 and 2 against negatives 1 and 0: 1 tie, 3 wins → 3.5 / 4.
  EXPECT_DOUBLE_EQ(Auc({1, 1, 2, 0}, {1, 0, 1, 0}), 0.875);
  EXPECT_DOUBLE_EQ(Auc({5, 6, 7}, {1, 1, 1}), 0.5);  // one class only
  EXPECT_DOUBLE_EQ(Auc({0.9, 0.1}, {0, 1}), 0.0);
}

TEST(AssignVariant, IsStickyPinnedAndFollowsTheWeights) {
  // Pinned: SHA-256("e1:l1") starts 0x…, modulo 2 → 1 (worked with
  // Python's hashlib), and so on.
  EXPECT_EQ(AssignVariant("e1", "l1", {1, 1}), 1u);
  EXPECT_EQ(AssignVariant("7d3f0b8e-0000-4000-8000-000000000001",
                          "30000000-0000-4000-8000-000000000001", {50, 30, 20}),
            1u);
  EXPECT_EQ(AssignVariant("x", "y", {1, 2, 3}), 1u);
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 20000; ++i) {
    const std::string lead = "lead-" + std::to_string(i);
    const std::size_t v = AssignVariant("exp", lead, {2, 1, 1});
    EXPECT_EQ(v, AssignVariant("exp", lead, {2, 1, 1}));
    ++counts[v];
  }
  EXPECT_NEAR(counts[0], 10000, 300);
  EXPECT_NEAR(counts[1], 5000, 250);
  EXPECT_NEAR(counts[2], 5000, 250);
}

TEST(CompareToControl, MatchesHandComputedValues) {
  // Control 100/1000, variant 130/1000: lift 0.03; Wald SE
  // √(0.1·0.9/1000 + 0.13·0.87/1000) = √0.0002031 = 0.0142513;
  // CI 0.03 ± 1.959964 · 0.0142513 = [0.0020679, 0.0579321]; pooled
  // 0.115, SE √(0.115·0.885·0.002) = 0.0142671, z = 2.102741,
  // p = 2(1 − Φ(2.102741)) = 0.035488.
  const VariantComparison c = CompareToControl(1000, 100, 1000, 130);
  EXPECT_DOUBLE_EQ(c.control_rate, 0.10);
  EXPECT_DOUBLE_EQ(c.variant_rate, 0.13);
  EXPECT_NEAR(c.lift, 0.03, 1e-12);
  EXPECT_NEAR(c.ci_low, 0.0020679, 1e-6);
  EXPECT_NEAR(c.ci_high, 0.0579321, 1e-6);
  ASSERT_TRUE(c.z && c.p_value);
  EXPECT_NEAR(*c.z, 2.102741, 1e-5);
  EXPECT_NEAR(*c.p_value, 0.035488, 1e-5);
  // No exposures on a side: no test.
  EXPECT_FALSE(CompareToControl(0, 0, 10, 1).p_value.has_value());
  EXPECT_FALSE(CompareToControl(10, 0, 10, 0).p_value.has_value());  // pooled rate 0
}

TEST(NormalCdf, KnownQuantiles) {
  EXPECT_NEAR(NormalCdf(0), 0.5, 1e-15);
  EXPECT_NEAR(NormalCdf(1.959963984540054), 0.975, 1e-12);
  EXPECT_NEAR(NormalCdf(-1), 0.15865525393145707, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.8), 0.8416212335729143, 1e-9);
}

TEST(SampleSizePerVariant, MatchesTheTextbookFormula) {
  // 10% → 12%, α 0.05 two-sided, power 0.8: (1.959964 · √(2 · 0.11 · 0.89)
  // + 0.841621 · √(0.09 + 0.1056))² / 0.02² = 3840.85 → 3841.
  EXPECT_EQ(SampleSizePerVariant(0.10, 0.02, 0.05, 0.8), 3841);
  EXPECT_EQ(SampleSizePerVariant(0.05, 0.01, 0.05, 0.9), 10921);
  EXPECT_EQ(SampleSizePerVariant(0.20, -0.05, 0.05, 0.8), 906);
}

}  // namespace
}  // namespace imedic::marketing
