#include "domains/care/care_request.hpp"

#include <charconv>

#include "core/percent_encoding.hpp"
#include "core/rfc3339.hpp"
#include "core/uuid.hpp"
#include "domains/privacy/data_keys.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

std::optional<std::string> UuidField(http::FieldReader& reader, std::string_view name,
                                     bool required) {
  auto v = reader.String(name, required, 36);
  if (v && !core::IsUuid(*v)) {
    reader.AddError(std::string(name), "must be a UUID");
    return std::nullopt;
  }
  return v;
}

bool IsIsoDateTime(std::string_view s, bool require_offset) {
  // The one grammar (core/rfc3339.hpp), with a space allowed for the T and
  // the seconds optional ("2026-10-25T10:00" means 10:00:00).
  std::string text(s);
  if (text.size() >= 16 && (text.size() == 16 || text[16] != ':')) text.insert(16, ":00");
  const core::DateTimeSyntax syntax{.space_for_t = true};
  if (core::ParseDateTime(text, syntax)) return true;
  // A wall time has no offset: the same grammar with one added.
  return !require_offset && core::ParseDateTime(text + "Z", syntax).has_value();
}

std::optional<std::string> InstantField(http::FieldReader& reader, std::string_view name,
                                        bool required) {
  auto v = reader.String(name, required, 40);
  if (v && !IsIsoDateTime(*v, true)) {
    reader.AddError(std::string(name), "must be an RFC 3339 date-time with Z or an offset");
    return std::nullopt;
  }
  return v;
}

std::optional<int> PageLimit(std::string_view value, int max) {
  int n = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, n);
  if (value.empty() || ec != std::errc() || ptr != end || n < 1 || n > max) return std::nullopt;
  return n;
}

std::optional<TimeCursor> ReadTimeCursor(std::string_view value, std::string_view order,
                                         bool (*key_ok)(std::string_view key)) {
  auto c = records::DecodeCursor(value);
  if (!c || c->order_signature != order || c->values.size() != 2 ||
      !IsIsoDateTime(c->values[0], true) || !key_ok(c->values[1])) {
    return std::nullopt;
  }
  return TimeCursor{c->values[0], c->values[1]};
}

bool ReadPageParam(std::string_view key, std::string_view value, const PageRules& rules, Page& page,
                   std::vector<core::FieldError>& errors) {
  if (key == "limit") {
    if (auto n = PageLimit(value, rules.max_limit)) {
      page.limit = *n;
    } else {
      errors.push_back(
          {std::string(key), "an integer from 1 to " + std::to_string(rules.max_limit)});
    }
    return true;
  }
  if (key == "cursor") {
    page.after = ReadTimeCursor(value, rules.order, rules.key_ok);
    if (!page.after) {
      errors.push_back({std::string(key), "not a cursor of this " + std::string(rules.noun)});
    }
    return true;
  }
  return false;
}

core::Error Explain(core::Error error) {
  struct Rule {
    std::string_view constraint;
    std::string_view message;
    std::string_view field;  // for 422 refusals: the body field at fault
  };
  static constexpr Rule kRules[] = {
      {"consultations_status_transition",
       "the consultation cannot take this step from where it stands "
       "(only a scheduled consultation moves on; held and missed need a confirmed request)",
       ""},
      {"consultations_request_transition",
       "the consultation request has been answered already (only a request still 'requested' "
       "is confirmed or declined)",
       ""},
      {"consultations_slot_check", "the slot is not one of this provider's", "availability_id"},
      {"consultations_availability_id_fkey", "no such slot", "availability_id"},
      {"consultations_procedure_id_fkey", "no such procedure", "procedure_id"},
      {"consultations_timezone_check", "not an IANA time zone name", "timezone"},
      {"consultation_quotes_acceptance",
       "the quote was accepted already, has expired (valid_until) or was withdrawn", ""},
      {"consultation_quotes_accepted_key",
       "another quote of this consultation has been accepted already", ""},
      {"consultation_quotes_consultation_id_version_key",
       "another quote was issued at the same moment; send it again", ""},
      {"consultation_quotes_check", "must be later than now", "valid_until"},
      {"consultation_quotes_procedure_id_fkey", "no such procedure", "procedure_id"},
  };
  for (const Rule& r : kRules) {
    if (error.constraint != r.constraint) continue;
    if (error.code == core::ErrorCode::kInvalidInput && !r.field.empty()) {
      error.public_message = "invalid request body";
      error.fields.push_back({std::string(r.field), std::string(r.message)});
    } else {
      error.public_message = std::string(r.message);
    }
    break;
  }
  return error;
}

core::Result<nlohmann::json> OpenNotes(const core::Keyring& keys, std::string_view row_json,
                                       const std::optional<std::string>& wrapped_key) {
  nlohmann::json row = nlohmann::json::parse(row_json);
  auto it = row.find("notes");
  if (it == row.end() || !it->is_string() ||
      !privacy::LooksEncrypted(it->get_ref<const std::string&>())) {
    return row;
  }
  const std::string id = row.at("id").get<std::string>();
  if (!wrapped_key) {
    return core::Fail(core::Error::Internal("sealed notes of consultation " + id +
                                            " but the patient has no data key"));
  }
  auto key = privacy::UnwrapDataKey(keys, *wrapped_key,
                                    row.at("patient_profile_id").get<std::string>());
  if (!key) return core::Fail(key.error());
  auto plain = privacy::DecryptField(*key, it->get<std::string>(), kNotesColumn, id);
  if (!plain) return core::Fail(plain.error());
  *it = std::move(*plain);
  return row;
}

std::string NextLink(std::string_view path,
                     const std::vector<std::pair<std::string, std::string>>& query,
                     const std::string& cursor) {
  std::string link(path);
  char sep = '?';
  for (const auto& [k, v] : records::WithCursor(query, cursor)) {
    link.push_back(sep);
    sep = '&';
    link += core::PercentEncode(k) + "=" + core::PercentEncode(v);
  }
  return link;
}

}  // namespace imedic::care
