// `imedic scoring train`: fits the lead-scoring model on the converted and
// lost leads and activates it only when it beats the rule score on a
// held-out set (domains/marketing/scoring_store.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include "core/config.hpp"

namespace imedic::app {

// Adds the `scoring` command and its subcommand `train` to `cli`.
CLI::App* AddScoringCommand(CLI::App& cli);

// Runs `scoring train` against the configured database (migrated first):
// prints the training and holdout sizes, both AUCs, the coefficients and
// whether the model was activated. Exit 0 when a model was stored (active
// or not), 1 when there is too little history, 2 when the database cannot
// be opened.
int RunScoringCommand(CLI::App* scoring, const core::Config& config);

}  // namespace imedic::app
