// A procedure's outcome as the API takes and shows it: one declaration
// validates POST /bookings/{id}/outcome and documents it and the reads; the
// rating declaration does the same for the patient's satisfaction.
#pragma once

#include "records/resource.hpp"

namespace imedic::care {

// The outcome: what staff record (create-only fields) and what every
// outcome route answers (the sealed text decrypted).
const records::Resource& OutcomeResource();
// The patient's satisfaction rating of their outcome: the body of POST
// /bookings/{id}/outcome/satisfaction and its answer.
const records::Resource& OutcomeRatingResource();

}  // namespace imedic::care
