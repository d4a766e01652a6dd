// The resources of the providers domain: providers, the procedures they
// offer and their bookable slots. Each is defined once; see
// records/resource.hpp.
#pragma once

#include "records/resource.hpp"

namespace imedic::providers {

const records::Resource& ProviderResource();
const records::Resource& ProcedureResource();
const records::Resource& AvailabilityResource();

}  // namespace imedic::providers
