// Checks a create or merge-patch body against a resource definition and
// returns what may be written. Every problem of the body is collected, so one
// 422 answer names every bad field; unknown fields and fields the client may
// not set (ids, times, counters, flags) are refused by name.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "records/resource.hpp"

namespace imedic::records {

enum class WriteMode { kCreate, kPatch };

// The object to write: only fields the client may set in this mode, each
// value checked and normalised (trimmed strings, lower-cased emails, E.164
// phones). On create, absent fields with a default get it. On patch, a null
// clears a nullable field (RFC 7396 merge patch) and absent fields stay as
// they are. Fails with kInvalidInput listing every bad field.
core::Result<nlohmann::json> ValidateBody(const Resource& resource, const nlohmann::json& body,
                                          WriteMode mode);

// A request body as text: parsed as a JSON object (400 when it is not JSON,
// 422 when not an object), then ValidateBody.
core::Result<nlohmann::json> ParseAndValidateBody(const Resource& resource, std::string_view text,
                                                  WriteMode mode = WriteMode::kCreate);

// True for a calendar date "YYYY-MM-DD" (years 1900–2200).
bool IsIsoDate(std::string_view text);
// True for "HH:MM" or "HH:MM:SS" on a 24-hour clock.
bool IsClockTime(std::string_view text);

}  // namespace imedic::records
