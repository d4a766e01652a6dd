#include "core/contact.hpp"

#include <algorithm>
#include <cctype>

#include <phonenumbers/phonenumberutil.h>

namespace imedic::core {

namespace {

bool IsDomainLabelChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

bool IsLocalChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  static constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~.-";
  return kSpecials.find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> NormalizeEmail(std::string_view input) {
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.front())))
    input.remove_prefix(1);
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.back())))
    input.remove_suffix(1);
  if (input.empty() || input.size() > 254) return std::nullopt;
  auto at = input.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return std::nullopt;
  std::string_view local = input.substr(0, at);
  std::string_view domain = input.substr(at + 1);
  if (!std::all_of(local.begin(), local.end(), IsLocalChar)) return std::nullopt;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos) return std::nullopt;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
        !std::all_of(label.begin(), label.end(), IsDomainLabelChar)) {
      return std::nullopt;
    }
    start = dot + 1;
  }
  std::string out(input);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::string> NormalizePhone(std::string_view input) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  std::string trimmed(input);
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  if (trimmed.empty() || trimmed.front() != '+' || trimmed.size() > 32) return std::nullopt;
  for (char c : trimmed) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == ' ' || c == '-' ||
          c == '(' || c == ')' || c == '.')) {
      return std::nullopt;
    }
  }
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(trimmed, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  if (!util.IsValidNumber(number)) return std::nullopt;
  std::string out;
  util.Format(number, PhoneNumberUtil::E164, &out);
  return out;
}

}  // namespace imedic::core
