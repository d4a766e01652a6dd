// How the records engine serves the patients domain's tables: their row
// scope (patient_visible), create guards, data subject, encrypted fields
// and server-set columns, declared as hooks (records/hooks.hpp).
#pragma once

#include "records/record_sql.hpp"

namespace imedic::patients {

records::Binding PatientProfileBinding();
records::Binding MedicalHistoryBinding();
records::Binding HairLossProfileBinding();

}  // namespace imedic::patients
