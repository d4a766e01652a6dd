// Leads as CSV (RFC 4180) for sales' spreadsheets: a fixed header, one row
// per lead, cells quoted when they need it, and cells a spreadsheet would
// run as a formula (=, +, -, @, tab, CR first) defused with a leading '
// (an E.164 phone, + and digits only, is left as it is).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace imedic::marketing {

class LeadCsv {
 public:
  LeadCsv();
  // One row from a lead as lead_json renders it.
  void Add(const nlohmann::json& lead);
  std::string Take() { return std::move(out_); }

  // One cell, defused and quoted as needed (exposed for tests).
  static std::string Cell(std::string_view value);

 private:
  std::string out_;
};

}  // namespace imedic::marketing
