// The shapes of the care answers, as resource definitions, so that the
// OpenAPI document describes consultation and timeline bodies field by
// field (the routes validate with http::FieldReader; these definitions
// only document).
#pragma once

#include "records/resource.hpp"

namespace imedic::care {

const records::Resource& ConsultationResource();
const records::Resource& JourneyEventResource();

}  // namespace imedic::care
