// Leads as the API takes and shows them: one declaration per body
// validates it and documents it, one per answer documents the answer.
#pragma once

#include <string_view>
#include <vector>

#include "records/resource.hpp"

namespace imedic::marketing {

// The stages of the pipeline (migration 0024, leads_stage_check).
inline const std::vector<std::string_view> kStages = {
    "new", "contacted", "qualified", "consultation_booked", "converted", "lost", "nurturing"};

// The body of POST /leads/capture (the public form).
const records::Resource& CaptureResource();
// The answer of GET /leads/capture/token.
const records::Resource& FormTokenResource();
// A lead as sales see it; `touches` only on GET /leads/{id}.
const records::Resource& LeadResource();
// The body of POST /leads/{id}/stage.
const records::Resource& StageChangeResource();
// The body of POST /leads/{id}/merge.
const records::Resource& MergeResource();
// An activity, as shown and as POST /leads/{id}/activities takes it.
const records::Resource& ActivityResource();
const records::Resource& NewActivityResource();
// The body of PATCH /lead-activities/{id}.
const records::Resource& ActivityPatchResource();

}  // namespace imedic::marketing
