// Reviews as the API takes and shows them: one declaration per body
// validates it and documents it, one per answer documents the answer.
#pragma once

#include "records/resource.hpp"

namespace imedic::care {

// The body of POST /reviews (its text is `review_text`, stored as content).
const records::Resource& NewReviewResource();
// A review as its author and moderators see it.
const records::Resource& ReviewResource();
// A published review as anyone sees it (text only where public).
const records::Resource& PublicReviewResource();
// The body of POST /reviews/{id}/moderate.
const records::Resource& ModerationResource();

}  // namespace imedic::care
