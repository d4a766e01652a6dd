// Lead scores and the scoring configuration as the API takes and shows
// them (one declaration validates a body and documents it).
#pragma once

#include "records/resource.hpp"

namespace imedic::marketing {

// GET /leads/{id}/score: the score with its reasons.
const records::Resource& LeadScoreResource();
// The body of PUT /lead-scoring/config.
const records::Resource& ScoringConfigInput();
// GET and PUT /lead-scoring/config's answer.
const records::Resource& ScoringConfigResource();
// A trained model (GET /lead-scoring/models).
const records::Resource& ScoreModelResource();

// PUT /leads/{id}/qualification's body and answer.
const records::Resource& QualificationResource();

}  // namespace imedic::marketing
