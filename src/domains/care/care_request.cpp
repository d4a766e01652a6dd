#include "domains/care/care_request.hpp"

#include <cctype>

#include "core/random.hpp"
#include "core/uuid.hpp"
#include "domains/privacy/data_keys.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

namespace {

bool Digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// Percent-encodes a query value (RFC 3986 unreserved characters stay).
std::string Encode(std::string_view v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : v) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

}  // namespace

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
  // YYYY-MM-DDTHH:MM
  if (!Digits(s, 0, 4) || s.size() < 16 || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2) ||
      s[13] != ':' || !Digits(s, 14, 2)) {
    return false;
  }
  std::size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!Digits(s, at + 1, 2)) return false;
    at += 3;
    if (at < s.size() && s[at] == '.') {
      ++at;
      std::size_t start = at;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
      if (at == start || at - start > 6) return false;
    }
  }
  if (at == s.size()) return !require_offset;
  if ((s[at] == 'Z' || s[at] == 'z') && at + 1 == s.size()) return true;
  if (s[at] != '+' && s[at] != '-') return false;
  return s.size() == at + 6 && Digits(s, at + 1, 2) && s[at + 3] == ':' && Digits(s, at + 4, 2);
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
    link += Encode(k) + "=" + Encode(v);
  }
  return link;
}

}  // namespace imedic::care
