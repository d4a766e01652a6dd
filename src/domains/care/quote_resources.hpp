// A consultation's quote as the API takes and shows it: one declaration
// validates the terms (POST /consultations/{id}/quotes, and the `quote` of
// POST /consultations/{id}/complete) and documents them and the answers.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "records/resource.hpp"

namespace imedic::care {

const records::Resource& QuoteResource();

// The terms as a JSON member of another body (`prefix` names it): the
// records shape check of the completion's `quote`.
void CheckQuoteShape(const nlohmann::json& value, std::string_view prefix,
                     std::vector<core::FieldError>& errors);
// Its schema: the terms a client sets, as POST …/quotes documents them.
nlohmann::json QuoteShapeSchema();

}  // namespace imedic::care
