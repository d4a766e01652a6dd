#include "domains/marketing/scoring_math.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace imedic::marketing {

namespace {

double Sigmoid(double z) {
  // Written for both signs so neither branch overflows.
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

double ValueOf(const FactorValues& values, const std::string& factor) {
  auto it = values.find(factor);
  return it == values.end() ? 0.0 : it->second;
}

// Solves a·x = b in place by Gaussian elimination with partial pivoting;
// false when a is singular.
bool Solve(std::vector<std::vector<double>>& a, std::vector<double>& b) {
  const std::size_t n = b.size();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (std::abs(a[pivot][col]) < 1e-14) return false;
    std::swap(a[pivot], a[col]);
    std::swap(b[pivot], b[col]);
    for (std::size_t r = col + 1; r < n; ++r) {
      const double f = a[r][col] / a[col][col];
      for (std::size_t c = col; c < n; ++c) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    double s = b[i];
    for (std::size_t c = i + 1; c < n; ++c) s -= a[i][c] * b[c];
    b[i] = s / a[i][i];
  }
  return true;
}

}  // namespace

const std::vector<std::string>& ScoreFactors() {
  static const std::vector<std::string> factors = {
      "country",       "procedure",          "budget",
      "timeline",      "contact_verified",   "channel_opt_in",
      "messages_in",   "messages_out",       "response_speed",
      "return_visits", "consultation_booked"};
  return factors;
}

std::vector<int> Apportion(const std::vector<double>& parts) {
  const double sum = std::accumulate(parts.begin(), parts.end(), 0.0);
  // Half up; the 1e-9 keeps a sum meant to be x.5 from falling just below.
  const auto target = static_cast<long long>(std::floor(sum + 0.5 + 1e-9));
  std::vector<int> out(parts.size());
  std::vector<std::size_t> order(parts.size());
  long long given = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out[i] = static_cast<int>(std::floor(parts[i]));
    given += out[i];
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return parts[a] - std::floor(parts[a]) > parts[b] - std::floor(parts[b]);
  });
  // target − given is between 0 and parts.size() (both are within a unit
  // of the sum per part); the guard only protects against NaN input.
  for (std::size_t k = 0; given < target && k < order.size(); ++k, ++given) ++out[order[k]];
  return out;
}

double RawRuleScore(const FactorValues& values, const FactorValues& weights) {
  double s = 0;
  for (const auto& [factor, weight] : weights) {
    s += weight * std::clamp(ValueOf(values, factor), 0.0, 1.0);
  }
  return s;
}

LeadScore RuleScore(const FactorValues& values, const FactorValues& weights) {
  std::vector<double> parts;
  LeadScore out;
  for (const auto& [factor, weight] : weights) {
    const double v = std::clamp(ValueOf(values, factor), 0.0, 1.0);
    parts.push_back(weight * v);
    out.contributions.push_back({factor, v, 0});
  }
  const std::vector<int> points = Apportion(parts);
  for (std::size_t i = 0; i < points.size(); ++i) {
    out.contributions[i].points = points[i];
    out.score += points[i];
  }
  return out;
}

LogisticModel FitLogistic(const std::vector<std::string>& features,
                          const std::vector<std::vector<double>>& rows,
                          const std::vector<int>& labels, double l2) {
  const std::size_t p = features.size();
  const std::size_t n = rows.size();
  // Parameters: [intercept, w_1 … w_p].
  std::vector<double> beta(p + 1, 0.0);
  for (int iter = 0; iter < 50; ++iter) {
    std::vector<double> grad(p + 1, 0.0);
    std::vector<std::vector<double>> hess(p + 1, std::vector<double>(p + 1, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
      double z = beta[0];
      for (std::size_t j = 0; j < p; ++j) z += beta[j + 1] * rows[i][j];
      const double mu = Sigmoid(z);
      const double w = mu * (1.0 - mu);
      const double r = labels[i] - mu;
      for (std::size_t a = 0; a <= p; ++a) {
        const double xa = a == 0 ? 1.0 : rows[i][a - 1];
        grad[a] += r * xa;
        for (std::size_t b = 0; b <= a; ++b) {
          const double xb = b == 0 ? 1.0 : rows[i][b - 1];
          hess[a][b] += w * xa * xb;
        }
      }
    }
    for (std::size_t a = 0; a <= p; ++a) {
      for (std::size_t b = 0; b < a; ++b) hess[b][a] = hess[a][b];
    }
    for (std::size_t j = 1; j <= p; ++j) {
      grad[j] -= l2 * beta[j];
      hess[j][j] += l2;
    }
    // Newton step: H · step = grad (H is the negative Hessian).
    if (!Solve(hess, grad)) break;
    double size = 0;
    for (std::size_t a = 0; a <= p; ++a) {
      beta[a] += grad[a];
      size = std::max(size, std::abs(grad[a]));
    }
    if (size < 1e-10) break;
  }
  LogisticModel m;
  m.features = features;
  m.intercept = beta[0];
  m.coefficients.assign(beta.begin() + 1, beta.end());
  m.means.assign(p, 0.0);
  for (const auto& row : rows) {
    for (std::size_t j = 0; j < p; ++j) m.means[j] += row[j];
  }
  for (double& mean : m.means) mean = n == 0 ? 0.0 : mean / static_cast<double>(n);
  return m;
}

double Logit(const LogisticModel& model, const std::vector<double>& x) {
  double z = model.intercept;
  for (std::size_t j = 0; j < model.coefficients.size() && j < x.size(); ++j) {
    z += model.coefficients[j] * x[j];
  }
  return z;
}

std::vector<double> FeatureVector(const LogisticModel& model, const FactorValues& values) {
  std::vector<double> x;
  x.reserve(model.features.size());
  for (const std::string& f : model.features) x.push_back(ValueOf(values, f));
  return x;
}

LeadScore ModelScore(const LogisticModel& model, const FactorValues& values) {
  const std::vector<double> x = FeatureVector(model, values);
  const double a = Logit(model, model.means);
  const double z = Logit(model, x);
  const double base = 100.0 * Sigmoid(a);
  const double score = 100.0 * Sigmoid(z);
  const double slope = std::abs(z - a) > 1e-9 ? (score - base) / (z - a)
                                              : 100.0 * Sigmoid(a) * (1.0 - Sigmoid(a));
  std::vector<double> parts = {base};
  LeadScore out;
  out.contributions.push_back({"baseline", base, 0});
  for (std::size_t j = 0; j < model.features.size(); ++j) {
    parts.push_back(slope * model.coefficients[j] * (x[j] - model.means[j]));
    out.contributions.push_back({model.features[j], x[j], 0});
  }
  const std::vector<int> points = Apportion(parts);
  for (std::size_t i = 0; i < points.size(); ++i) {
    out.contributions[i].points = points[i];
    out.score += points[i];
  }
  return out;
}

double Auc(const std::vector<double>& scores, const std::vector<int>& labels) {
  const std::size_t n = scores.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Ranks from 1, ties sharing their average rank.
  std::vector<double> rank(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) ++j;
    const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = avg;
    i = j + 1;
  }
  double pos = 0, rank_sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (labels[i] == 1) {
      pos += 1;
      rank_sum += rank[i];
    }
  }
  const double neg = static_cast<double>(n) - pos;
  if (pos == 0 || neg == 0) return 0.5;
  const double u = rank_sum - pos * (pos + 1) / 2.0;
  return u / (pos * neg);
}

}  // namespace imedic::marketing
