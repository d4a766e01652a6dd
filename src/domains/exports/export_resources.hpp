// The declaration of an export request as the API shows it: the same
// definition documents GET /exports/{id}, the lists and the POSTs' answers
// in /openapi.json.
#pragma once

#include "records/resource.hpp"

namespace imedic::exports {

const records::Resource& DataExportRequestResource();

}  // namespace imedic::exports
