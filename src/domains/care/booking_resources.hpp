// The care journey's bookings and payment ledger entries as the API shows
// them: one definition drives body validation, list filters and sorting and
// the OpenAPI schemas (api/resource.hpp).
#pragma once

#include "records/resource.hpp"

namespace imedic::care {

// A booking: what POST /bookings accepts (create-only fields) and what every
// booking route answers.
const records::Resource& BookingResource();
// A payment ledger entry with the booking's derived payment state after it:
// what POST …/payments and …/refunds accept and answer.
const records::Resource& PaymentResource();

}  // namespace imedic::care
