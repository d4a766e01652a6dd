// Quotes of a consultation: the terms a clinic offers (read from a body)
// and their insertion as the consultation's next version. Shared by
// POST /consultations/{id}/quotes and the quote that may come with
// POST /consultations/{id}/complete.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "domains/care/care_request.hpp"

namespace imedic::care {

struct QuoteTerms {
  std::optional<std::string> procedure_id;  // the consultation's when absent
  std::int64_t price_minor = 0;
  std::string currency;  // ISO 4217, upper case
  std::int64_t hotel_nights = 0;
  bool airport_transfers = false;
  bool interpreter = false;
  std::string valid_until;  // RFC 3339 instant
};

// Reads and checks the terms; field errors are named `prefix` + field.
core::Result<QuoteTerms> ReadQuoteTerms(const nlohmann::json& object, std::string_view prefix);

// Inserts the next version (with audit row and journey event) in the
// caller's transaction. kNotFound when the consultation is out of scope.
core::Result<std::string> InsertQuote(db::Connection& conn, const Caller& caller,
                                      std::string_view consultation_id, const QuoteTerms& terms);

}  // namespace imedic::care
