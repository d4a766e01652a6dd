// How the records engine serves the providers domain's tables: public reads,
// writes by administrators or the provider's members, declared as hooks
// (records/hooks.hpp).
#pragma once

#include "records/record_sql.hpp"

namespace imedic::providers {

records::Binding ProviderBinding();
records::Binding ProcedureBinding();
records::Binding AvailabilityBinding();

}  // namespace imedic::providers
