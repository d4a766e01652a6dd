#include "domains/marketing/scoring_store.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "db/text_array.hpp"
#include "db/transaction.hpp"
#include "domains/marketing/sql/queries.hpp"

namespace imedic::marketing {

namespace {

using nlohmann::json;

// A PostgreSQL array literal of doubles, each written to round-trip.
std::string DoubleArray(const std::vector<double>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", values[i]);
    out += buf;
  }
  return out + "}";
}

json Explained(const std::string& lead_id, const LeadScore& s, const std::string& model) {
  json factors = json::array();
  for (const Contribution& c : s.contributions) {
    factors.push_back({{"factor", c.factor}, {"value", c.value}, {"points", c.points}});
  }
  return {{"lead_id", lead_id}, {"score", s.score}, {"model", model}, {"factors", factors}};
}

}  // namespace

FactorValues ParseFactorValues(std::string_view json_text) {
  FactorValues out;
  json j = json::parse(json_text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_number()) out[k] = v.get<double>();
  }
  return out;
}

core::Result<ScoringState> LoadScoringState(db::Connection& conn) {
  auto r = conn.Execute(sql::kScoringState);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::Internal("lead_scoring_config has no row"));
  ScoringState state;
  json config = json::parse(r->Get(0, 0), nullptr, false);
  if (config.is_object() && config.contains("weights") && config["weights"].is_object()) {
    for (const auto& [k, v] : config["weights"].items()) {
      if (v.is_number()) state.weights[k] = v.get<double>();
    }
  }
  state.model_id = "rule";
  if (!r->IsNull(0, 2)) {
    json m = json::parse(r->Get(0, 2), nullptr, false);
    if (m.is_object()) {
      LogisticModel model;
      model.features = m.value("features", std::vector<std::string>{});
      model.coefficients = m.value("coefficients", std::vector<double>{});
      model.means = m.value("means", std::vector<double>{});
      model.intercept = m.value("intercept", 0.0);
      if (model.coefficients.size() == model.features.size() &&
          model.means.size() == model.features.size()) {
        state.model_id = m.value("id", std::string("rule"));
        state.model = std::move(model);
      }
    }
  }
  return state;
}

LeadScore ScoreLead(const ScoringState& state, const FactorValues& values) {
  return state.model ? ModelScore(*state.model, values) : RuleScore(values, state.weights);
}

core::Result<int> RecomputeQueuedScores(db::Connection& conn, int batch) {
  db::Transaction tx(conn);
  if (auto begun = tx.Begin(); !begun) return core::Fail(begun.error());
  auto claimed = conn.Execute(sql::kClaimScoreQueue, db::Params{batch});
  if (!claimed) return core::Fail(claimed.error());
  const int taken = claimed->rows();
  int put_back = 0;
  if (taken > 0) {
    auto state = LoadScoringState(conn);
    if (!state) return core::Fail(state.error());
    json scores = json::array();
    for (int i = 0; i < taken; ++i) {
      if (claimed->IsNull(i, 1)) continue;  // deleted or merged: not scored
      const std::string lead(claimed->Get(i, 0));
      scores.push_back(Explained(lead, ScoreLead(*state, ParseFactorValues(claimed->Get(i, 1))),
                                 state->model_id));
    }
    if (!scores.empty()) {
      auto stored = conn.Execute(sql::kStoreLeadScores, db::Params{scores.dump()});
      if (!stored) return core::Fail(stored.error());
      put_back = std::stoi(std::string(stored->Get(0, 1)));
    }
  }
  if (auto committed = tx.Commit(); !committed) return core::Fail(committed.error());
  return taken - put_back;
}

bool InHoldout(std::string_view lead_id) {
  const std::string hex = core::Sha256Hex(lead_id);
  const int first = std::stoi(hex.substr(0, 2), nullptr, 16);
  return first < 52;
}

core::Result<TrainReport> TrainScoreModel(db::Connection& conn, double l2) {
  auto state = LoadScoringState(conn);
  if (!state) return core::Fail(state.error());
  auto rows = conn.Execute(sql::kTrainingLeads);
  if (!rows) return core::Fail(rows.error());
  const std::vector<std::string>& names = ScoreFactors();
  std::vector<std::vector<double>> train_x, hold_x;
  std::vector<int> train_y, hold_y;
  std::vector<double> hold_rule;
  for (int i = 0; i < rows->rows(); ++i) {
    const FactorValues values = ParseFactorValues(rows->Get(i, 2));
    std::vector<double> x;
    for (const std::string& f : names) {
      auto it = values.find(f);
      x.push_back(it == values.end() ? 0.0 : it->second);
    }
    const int y = rows->Get(i, 1) == "1" ? 1 : 0;
    if (InHoldout(rows->Get(i, 0))) {
      hold_rule.push_back(RawRuleScore(values, state->weights));
      hold_x.push_back(std::move(x));
      hold_y.push_back(y);
    } else {
      train_x.push_back(std::move(x));
      train_y.push_back(y);
    }
  }
  int train_pos = 0;
  for (int y : train_y) train_pos += y;
  const int train_neg = static_cast<int>(train_y.size()) - train_pos;
  if (train_pos < 20 || train_neg < 20 || hold_y.empty()) {
    return core::Fail(core::Error::InvalidInput(
        "too little history to train on: " + std::to_string(train_pos) + " converted and " +
        std::to_string(train_neg) + " lost leads in the training set (20 of each needed), " +
        std::to_string(hold_y.size()) + " in the holdout"));
  }
  TrainReport report;
  report.model = FitLogistic(names, train_x, train_y, l2);
  std::vector<double> hold_model;
  for (const auto& x : hold_x) hold_model.push_back(Logit(report.model, x));
  report.train_count = static_cast<int>(train_y.size());
  report.holdout_count = static_cast<int>(hold_y.size());
  for (int y : hold_y) report.holdout_positives += y;
  report.auc_model = Auc(hold_model, hold_y);
  report.auc_rule = Auc(hold_rule, hold_y);
  report.activated = report.auc_model > report.auc_rule;
  const auto booked = std::find(names.begin(), names.end(), "consultation_booked") - names.begin();
  std::vector<double> booked_model, booked_rule;
  std::vector<int> booked_y;
  for (std::size_t i = 0; i < hold_x.size(); ++i) {
    if (hold_x[i][booked] < 1) continue;
    booked_model.push_back(hold_model[i]);
    booked_rule.push_back(hold_rule[i]);
    booked_y.push_back(hold_y[i]);
  }
  report.booked_count = static_cast<int>(booked_y.size());
  report.auc_model_booked = Auc(booked_model, booked_y);
  report.auc_rule_booked = Auc(booked_rule, booked_y);

  db::Transaction tx(conn);
  if (auto begun = tx.Begin(); !begun) return core::Fail(begun.error());
  char reason[160];
  std::snprintf(reason, sizeof reason, "imedic scoring train: holdout AUC %.4f vs rule %.4f%s",
                report.auc_model, report.auc_rule, report.activated ? ", activated" : "");
  auto stored = conn.Execute(
      sql::kInsertScoreModel,
      db::Params{db::ToTextArray(names), DoubleArray(report.model.coefficients),
                 report.model.intercept, DoubleArray(report.model.means), report.auc_model,
                 report.auc_rule, report.train_count, report.holdout_count, report.activated,
                 std::string(reason)});
  if (!stored) return core::Fail(stored.error());
  report.model_id = std::string(stored->Get(0, 0));
  if (report.activated) {
    auto on = conn.Execute(sql::kActivateScoreModel, db::Params{report.model_id});
    if (!on) return core::Fail(on.error());
  }
  if (auto committed = tx.Commit(); !committed) return core::Fail(committed.error());
  return report;
}

}  // namespace imedic::marketing
