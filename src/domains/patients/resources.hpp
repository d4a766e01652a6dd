// The resources of the records API (Phase 1 of the journey: who the patient
// is, their medical background, and the providers, procedures and slots they
// choose from). Each is defined once; see api/resource.hpp.
#pragma once

#include "records/resource.hpp"

namespace imedic::api {

const Resource& UserProfileResource();
const Resource& PatientProfileResource();
const Resource& MedicalHistoryResource();
const Resource& HairLossProfileResource();
const Resource& ProviderResource();
const Resource& ProcedureResource();
const Resource& AvailabilityResource();

}  // namespace imedic::api
