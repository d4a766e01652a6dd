#include "domains/marketing/lead_csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace imedic::marketing {

namespace {

constexpr std::array<const char*, 16> kColumns = {
    "id",         "created_at",  "stage",       "first_name", "last_name",
    "email",      "phone",       "country",     "language",   "procedure_interest",
    "source",     "campaign_id", "assigned_to", "lead_score", "last_interaction_at",
    "lost_reason"};

bool IsE164(std::string_view v) {
  return v.size() > 1 && v.front() == '+' && std::all_of(v.begin() + 1, v.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

LeadCsv::LeadCsv() {
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (i > 0) out_.push_back(',');
    out_ += kColumns[i];
  }
  out_ += "\r\n";
}

std::string LeadCsv::Cell(std::string_view value) {
  std::string v(value);
  if (!v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos &&
      !IsE164(v)) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

void LeadCsv::Add(const nlohmann::json& lead) {
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (i > 0) out_.push_back(',');
    auto it = lead.find(kColumns[i]);
    if (it == lead.end() || it->is_null()) continue;
    out_ += Cell(it->is_string() ? it->get<std::string>() : it->dump());
  }
  out_ += "\r\n";
}

}  // namespace imedic::marketing
