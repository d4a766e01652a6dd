// The provider catalogue: providers, their procedures and bookable slots.
// Anyone may read it (patients browse before they sign up); admins add
// providers, and a provider's own staff (provider_members) or admins change
// its listing, procedures and slots.
#pragma once

#include "http/router.hpp"
#include "records/record_service.hpp"

namespace imedic::providers {

void RegisterProviderRoutes(http::Router& router, records::RecordService& records);

}  // namespace imedic::providers
