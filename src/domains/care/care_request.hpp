// What every care route needs from a request: who calls (for the row
// scopes and the audit row), body fields of the shapes care uses (ids,
// instants, wall times), the sealing and opening of free-text notes with
// the patient's data key, and problem answers named after the database
// rule that refused a write (docs/care-journey-schema.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/params.hpp"
#include "domains/care/care_caller.hpp"
#include "http/json_body.hpp"
#include "http/router.hpp"

namespace imedic::care {

// A UUID field; an error is recorded on the reader when it is not one.
std::optional<std::string> UuidField(http::FieldReader& reader, std::string_view name,
                                     bool required);

// An RFC 3339 date-time (core/rfc3339.hpp; a space for the T and missing
// seconds allowed), or, unless `require_offset`, the same without an offset
// (a wall time in a zone given apart).
bool IsIsoDateTime(std::string_view s, bool require_offset);

// An RFC 3339 instant (with Z or an offset) field.
std::optional<std::string> InstantField(http::FieldReader& reader, std::string_view name,
                                        bool required);

// A page size from the query string: an integer from 1 to `max`, else
// nullopt (the caller names the parameter in its 422).
std::optional<int> PageLimit(std::string_view value, int max);

// The position a keyset page of a list ordered by (a timestamp, a key)
// continues after, decoded from its `cursor` parameter: nullopt unless it is
// a cursor of the list ordered by `order` whose key passes `key_ok`.
struct TimeCursor {
  std::string at;
  std::string key;
};
std::optional<TimeCursor> ReadTimeCursor(std::string_view value, std::string_view order,
                                         bool (*key_ok)(std::string_view key));

// The paging parameters every time-ordered keyset list of the care domain
// takes: `limit` (1 to the list's maximum) and `cursor` (its `next` link's).
struct PageRules {
  std::string_view order;  // the cursor's order signature, e.g. "due.asc,id.asc"
  int max_limit = 100;
  bool (*key_ok)(std::string_view key) = nullptr;  // the cursor's tie-break key
  std::string_view noun = "list";                  // what a foreign cursor is not of
};
struct Page {
  int limit = 0;
  std::optional<TimeCursor> after;
  std::optional<std::string> after_at() const {
    return after ? std::optional<std::string>(after->at) : std::nullopt;
  }
  std::optional<std::string> after_key() const {
    return after ? std::optional<std::string>(after->key) : std::nullopt;
  }
};
// Reads `key`=`value` into `page` when it is `limit` or `cursor` (a bad
// value is named in `errors`) and says so; false for any other parameter.
bool ReadPageParam(std::string_view key, std::string_view value, const PageRules& rules, Page& page,
                   std::vector<core::FieldError>& errors);

// Gives a refusal by a named business rule a message that says what
// happened; other errors pass as they are.
core::Error Explain(core::Error error);

// The AAD place of consultations.notes (docs/encryption.md).
inline constexpr std::string_view kNotesColumn = "consultations.notes";

// Replaces the sealed `notes` of a rendered consultation with its
// plaintext, opened with the wrapped data key read along with the row.
// Rows written before notes were sealed (the demo seed's) pass as they are.
core::Result<nlohmann::json> OpenNotes(const core::Keyring& keys, std::string_view row_json,
                                       const std::optional<std::string>& wrapped_key);

// A `next` link: `path` with the other query pairs kept and `cursor` set.
std::string NextLink(std::string_view path,
                     const std::vector<std::pair<std::string, std::string>>& query,
                     const std::string& cursor);

}  // namespace imedic::care
