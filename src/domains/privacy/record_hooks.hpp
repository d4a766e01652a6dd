// What the privacy domain lends the records engine (records/hooks.hpp): the
// audit rows of its generated statements, and the per-patient data keys and
// field envelopes of encrypted columns (data_keys.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "records/hooks.hpp"

namespace imedic::privacy {

// INSERT INTO audit_log … SELECT … FROM <rows>: the audit convention of
// audit_writer.hpp, one row per row of a generated statement.
std::string RecordAuditSql(std::vector<records::Arg>& args, const records::AuditRows& rows);

// Data keys and envelopes for records whose subject is a patient profile.
const records::FieldKeys& PatientFieldKeys();

// The join that reads the wrapped data key (as `k.wrapped_key`, NULL when
// there is none yet) of the patient whose id is `patient`.
std::string WrappedKeyJoin(std::string_view patient);

}  // namespace imedic::privacy
