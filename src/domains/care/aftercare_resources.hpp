// The shapes of the aftercare bodies and answers (issue 11, item 6), as
// records declarations: the same definition validates a body
// (records::ValidateBody) and documents it in /openapi.json.
#pragma once

#include "records/resource.hpp"

namespace imedic::care {

// A protocol template item: what GET /aftercare/protocols lists, POST
// accepts (create) and every protocol route answers.
const records::Resource& ProtocolItemResource();
// The body of PATCH /aftercare/protocols/{id}: the changeable fields, all
// optional (the category is fixed).
const records::Resource& ProtocolItemChange();
// One follow-up item of a patient's aftercare schedule, text decrypted.
const records::Resource& FollowUpResource();
// The body of POST /follow-ups/{id}/complete.
const records::Resource& FollowUpCompletion();
// The body of POST /follow-ups/{id}/reschedule.
const records::Resource& FollowUpReschedule();

}  // namespace imedic::care
