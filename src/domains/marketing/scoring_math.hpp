// The arithmetic of lead scoring, apart from any database so that it is
// unit-tested on its own: the rule score (weights × factor values), a
// logistic regression fitted by Newton's method (IRLS) with an L2 penalty,
// the model's score with its per-factor contributions, the rounding that
// makes whole-point contributions add up exactly to the score, and the AUC
// (Mann-Whitney) that decides whether a model replaces the rule.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace imedic::marketing {

// The factors lead_score_features() (migration 0032) gives, each in [0, 1].
// The order is the order of a model's feature vector.
const std::vector<std::string>& ScoreFactors();

using FactorValues = std::map<std::string, double, std::less<>>;

struct Contribution {
  std::string factor;  // a factor, or "baseline" (a model's average lead)
  double value = 0;    // the factor's value (the baseline's: its score, 0–100)
  int points = 0;      // whole points; all of a score's add up to it
};

struct LeadScore {
  int score = 0;  // 0–100
  std::vector<Contribution> contributions;
};

// Whole numbers, each the floor or the ceiling of its part, adding up to
// the sum of the parts rounded half up: the largest remainders get the
// spare points (ties: the earlier part). So a score's explanation adds up
// to the score exactly, with no factor off by more than a point.
std::vector<int> Apportion(const std::vector<double>& parts);

// The rule score: Σ weight_f · clamp(value_f, 0, 1) over the weighted
// factors (a missing value counts 0). The weights add up to 100.
LeadScore RuleScore(const FactorValues& values, const FactorValues& weights);
// The same, unrounded (for the AUC of the rule on a holdout).
double RawRuleScore(const FactorValues& values, const FactorValues& weights);

struct LogisticModel {
  std::vector<std::string> features;
  std::vector<double> coefficients;
  double intercept = 0;
  std::vector<double> means;  // of the training rows: the baseline lead
};

// Fits P(y = 1 | x) = σ(b + w·x) by Newton's method on the log-likelihood
// minus l2/2 · |w|² (the intercept is not penalised), starting from zero,
// until the step is below 1e-10 or after 50 steps. REQUIRES: rows of equal
// size, labels 0 or 1, as many labels as rows.
LogisticModel FitLogistic(const std::vector<std::string>& features,
                          const std::vector<std::vector<double>>& rows,
                          const std::vector<int>& labels, double l2);

// b + w·x.
double Logit(const LogisticModel& model, const std::vector<double>& x);
// The model's values of a lead in the model's feature order (missing: 0).
std::vector<double> FeatureVector(const LogisticModel& model, const FactorValues& values);

// The model's score, 100 · σ(b + w·x), rounded, explained (docs: §1.3):
// the baseline is the score of the average lead, B = 100 · σ(a) with
// a = b + w·mean; each factor's log-odds contribution is
// c_f = w_f · (x_f − mean_f), so that b + w·x = a + Σ c_f; the points of
// factor f are k · c_f with k = (S − B) / Σ c the mean slope of 100 · σ
// between a and the lead's log-odds (100 · σ'(a) when Σ c = 0). The
// baseline and the factors' points then add up to S, and Apportion makes
// them whole.
LeadScore ModelScore(const LogisticModel& model, const FactorValues& values);

// The area under the ROC curve: the probability that a random positive
// scores above a random negative, ties counting half (the Mann-Whitney U
// divided by positives × negatives), from the average ranks. 0.5 when a
// class is empty.
double Auc(const std::vector<double>& scores, const std::vector<int>& labels);

}  // namespace imedic::marketing
