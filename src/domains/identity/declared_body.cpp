#include "domains/identity/declared_body.hpp"

#include <algorithm>

#include "core/password.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::identity {

core::Result<nlohmann::json> ReadBody(std::string_view body, const Declaration& input,
                                      const BodyCheck& check) {
  auto parsed = http::ParseJsonObject(body);
  if (!parsed) return core::Fail(parsed.error());
  auto valid = records::ValidateBody(input, *parsed, records::WriteMode::kCreate);
  std::vector<core::FieldError> errors;
  if (!valid) errors = valid.error().fields;
  if (check) check(valid ? *valid : *parsed, errors);
  if (!errors.empty()) {
    return core::Fail(
        core::Error::InvalidInput("the request body has invalid fields", std::move(errors)));
  }
  // A null optional field means the same as an absent one.
  nlohmann::json out = std::move(*valid);
  for (auto it = out.begin(); it != out.end();) {
    it = it->is_null() ? out.erase(it) : std::next(it);
  }
  return out;
}

bool Names(const std::vector<core::FieldError>& errors, std::string_view field) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const core::FieldError& e) { return e.field == field; });
}

void CheckNewPassword(const nlohmann::json& body, std::string_view field,
                      std::vector<core::FieldError>& errors) {
  auto password = OptionalString(body, field);
  if (!password || Names(errors, field)) return;
  if (auto problem = core::PasswordProblem(http::TrimSpace(*password))) {
    errors.push_back({std::string(field), *problem});
  }
}

http::RouteDoc CommandDoc(const Declaration* input, const Declaration& output, int status,
                          http::DocShape response, bool conflicts) {
  http::RouteDoc d;
  d.input = input;
  d.output = &output;
  d.response = response;
  d.status = status;
  if (conflicts) d.errors.push_back(409);
  return d;
}

}  // namespace imedic::identity
