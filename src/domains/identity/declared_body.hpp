// The identity routes are commands (sign in, grant a role…), not records,
// but their bodies and answers are declared with the records model
// (records::Resource and records::Field): one declaration per body validates it
// (records::ValidateBody) and documents it (RouteDoc.input), one per answer
// documents the answer (RouteDoc.output). This header is the one place the
// identity domain names that model.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/router.hpp"
#include "records/resource.hpp"

namespace imedic::identity {

using Declaration = records::Resource;
using DeclaredField = records::Field;
using records::Access;
using records::FieldType;
using records::Format;

// Checks a declaration cannot state (password strength, scopes the caller
// holds): given the body (checked when the declaration accepted it, raw
// otherwise), they append one FieldError per problem.
using BodyCheck =
    std::function<void(const nlohmann::json& body, std::vector<core::FieldError>& errors)>;

// Parses `body` (400 when it is not JSON), checks it against `input`
// (types, required fields, lengths, ranges, enums, formats; unknown fields
// refused) and runs `check`, so that one 422 names every bad field before
// anything else runs. Returns the accepted fields, strings trimmed and
// emails normalised; absent optional fields stay absent.
core::Result<nlohmann::json> ReadBody(std::string_view body, const Declaration& input,
                                      const BodyCheck& check = nullptr);

// (http/json_body.hpp)
using http::OptionalString;
// Whether `errors` already names `field` (a later check then says nothing).
bool Names(const std::vector<core::FieldError>& errors, std::string_view field);

// The `password` rules beyond length, as a field error.
void CheckNewPassword(const nlohmann::json& body, std::string_view field,
                      std::vector<core::FieldError>& errors);

// The document entry of a command route: its declared body (null when it
// takes none), its declared answer and success status; `conflicts` documents
// a 409 for a command that can conflict with the state it finds.
http::RouteDoc CommandDoc(const Declaration* input, const Declaration& output, int status,
                          http::DocShape response = http::DocShape::kOne, bool conflicts = false);

}  // namespace imedic::identity
