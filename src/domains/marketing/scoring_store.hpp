// Lead scoring against the database: re-scoring the leads the triggers of
// migration 0032 queued (by the rule, or by the active model), and training
// a model on the converted and lost leads (`imedic scoring train`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "domains/marketing/scoring_math.hpp"

namespace imedic::marketing {

// How leads are scored now: the rule's weights and, when a model is
// active, the model (and its id, which the scores name).
struct ScoringState {
  FactorValues weights;
  std::optional<LogisticModel> model;
  std::string model_id;  // "rule" when there is no model
};
core::Result<ScoringState> LoadScoringState(db::Connection& conn);

// The score of a lead with these factor values under `state`.
LeadScore ScoreLead(const ScoringState& state, const FactorValues& values);

// Parses lead_score_features' JSON into factor values.
FactorValues ParseFactorValues(std::string_view json_text);

// Takes up to `batch` leads off the queue and writes their scores and
// explanations, in one transaction on `conn`. A lead another transaction
// holds is put back on the queue rather than waited for (see
// store_lead_scores.sql). Returns how many leads it took and did not put
// back (0: nothing to do now).
inline constexpr int kScoreBatch = 500;
core::Result<int> RecomputeQueuedScores(db::Connection& conn, int batch = kScoreBatch);

struct TrainReport {
  int train_count = 0;
  int holdout_count = 0;
  int holdout_positives = 0;
  double auc_model = 0.5;
  double auc_rule = 0.5;
  // The same among the holdout's leads that booked a consultation, where
  // that factor (1 for every converted lead) cannot tell them apart.
  int booked_count = 0;
  double auc_model_booked = 0.5;
  double auc_rule_booked = 0.5;
  bool activated = false;
  std::string model_id;
  LogisticModel model;
};

// Whether a lead is in the holdout: the first byte of SHA-256 of its id is
// below 52 (about 20%), so a split is the same on every run.
bool InHoldout(std::string_view lead_id);

// Fits a logistic regression (L2 penalty `l2`) on the converted and lost
// leads outside the holdout, measures it and the rule score on the
// holdout, stores the model and activates it (re-scoring every lead) only
// when its AUC is higher than the rule's. Fails (422) with too little
// history: fewer than 20 of either class in the training set, or none in
// the holdout.
core::Result<TrainReport> TrainScoreModel(db::Connection& conn, double l2 = 1.0);

}  // namespace imedic::marketing
