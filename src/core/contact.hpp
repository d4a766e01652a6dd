// Normalising and checking contact data: one person must map to one email
// and one phone number (WhatsApp numbers must match exactly), so both are
// stored in a single canonical form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace imedic::core {

// Lower-cased, trimmed address if it is syntactically an email address
// (local@domain, domain with a dot, lengths within RFC 5321), else nullopt.
std::optional<std::string> NormalizeEmail(std::string_view input);

// E.164 form ("+905321234567") of an international number written with a
// leading '+', spaces, dashes or brackets allowed; nullopt if it is not a
// valid number for its country (libphonenumber's metadata).
std::optional<std::string> NormalizePhone(std::string_view input);

}  // namespace imedic::core
