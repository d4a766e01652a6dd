// The resources of the patients domain: who the patient is and their
// medical background. Each is defined once; see records/resource.hpp.
#pragma once

#include "records/resource.hpp"

namespace imedic::patients {

const records::Resource& PatientProfileResource();
const records::Resource& MedicalHistoryResource();
const records::Resource& HairLossProfileResource();

}  // namespace imedic::patients
