// Audit rows of reads handed to someone else to write (issue 16): the read
// itself is then a plain scoped SELECT, and the sink writes the audit rows
// of many reads in one statement and one commit.
//
// The contract that keeps the trail complete: Record returns only after the
// commit that holds every row passed to it, and a failure is returned to the
// caller, which must then refuse the answer (503). No answer leaves without
// its durable audit row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace imedic::records {

// One read of one high-sensitivity row, as audit_log records it.
struct ReadAudit {
  std::string actor_user_id;
  std::string actor_role;
  std::string table_name;
  std::string row_id;
  std::optional<std::string> subject_patient_profile_id;
  std::string request_id;
  std::optional<std::string> ip;  // a valid address, or none
};

class ReadAuditSink {
 public:
  virtual ~ReadAuditSink() = default;
  // Blocks until the rows are committed; kUnavailable when they could not be.
  virtual core::Result<void> Record(std::vector<ReadAudit> rows) = 0;
};

}  // namespace imedic::records
