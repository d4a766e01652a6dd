// Consultations and the journey timeline as resource definitions, so that
// the OpenAPI document describes them field by field. The completion body
// is validated by its declaration too; the create body of a consultation is
// read by the route (a slot or a wall time in a zone), the declaration
// documents it.
#pragma once

#include "records/resource.hpp"

namespace imedic::care {

const records::Resource& ConsultationResource();
// The body of POST /consultations/{id}/complete: outcome, notes, a quote.
const records::Resource& CompletionResource();
const records::Resource& JourneyEventResource();

}  // namespace imedic::care
