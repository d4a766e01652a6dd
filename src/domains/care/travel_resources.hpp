// A booking's travel arrangement and the rows under it (flights, hotel
// stays, transfers, companions) as the API shows them: one definition drives
// body validation and the OpenAPI schemas (records/resource.hpp). The
// columns are migrations/0020_care_after.sql's.
#pragma once

#include "records/resource.hpp"

namespace imedic::care {

// The arrangement with its live rows and check_travel's problems.
const records::Resource& TravelResource();
const records::Resource& TravelFlightResource();
const records::Resource& TravelHotelStayResource();
const records::Resource& TravelTransferResource();
const records::Resource& TravelCompanionResource();

}  // namespace imedic::care
