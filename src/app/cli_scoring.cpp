#include "app/cli_scoring.hpp"

#include <cstdio>

#include "app/cli_common.hpp"
#include "domains/marketing/scoring_store.hpp"

namespace imedic::app {

namespace {
// The parsed --l2 (CLI11 writes into it when `scoring train` is parsed).
double& L2Penalty() {
  static double value = 1.0;
  return value;
}
}  // namespace

CLI::App* AddScoringCommand(CLI::App& cli) {
  auto* scoring = cli.add_subcommand("scoring", "Lead scoring");
  scoring->require_subcommand(1);
  auto* train = scoring->add_subcommand(
      "train",
      "Train the lead-scoring model on converted and lost leads; activate it only when its "
      "holdout AUC beats the rule score's");
  train->add_option("--l2", L2Penalty(), "L2 penalty of the coefficients (default 1)")
      ->check(CLI::Range(0.0, 1000.0));
  return scoring;
}

int RunScoringCommand(CLI::App* /*scoring*/, const core::Config& config) {
  return RunWithDatabaseAndKeys(config, "scoring train", [](db::Connection& conn, core::Keyring&) {
    auto report = marketing::TrainScoreModel(conn, L2Penalty());
    if (!report) {
      PrintCliError("scoring train", report.error());
      return report.error().code == core::ErrorCode::kInvalidInput ? 1 : 2;
    }
    std::printf("trained on %d leads; holdout %d leads (%d converted)\n", report->train_count,
                report->holdout_count, report->holdout_positives);
    std::printf("holdout AUC: model %.4f, rule score %.4f\n", report->auc_model, report->auc_rule);
    std::printf("  among the %d that booked a consultation: model %.4f, rule score %.4f\n",
                report->booked_count, report->auc_model_booked, report->auc_rule_booked);
    std::printf("intercept %+.4f\n", report->model.intercept);
    for (std::size_t i = 0; i < report->model.features.size(); ++i) {
      std::printf("  %-20s %+.4f\n", report->model.features[i].c_str(),
                  report->model.coefficients[i]);
    }
    std::printf("model %s %s\n", report->model_id.c_str(),
                report->activated ? "activated: leads are re-scored by it"
                                  : "stored, not activated: the rule score stays");
    return 0;
  });
}

}  // namespace imedic::app
