#include "seed/calendar.hpp"

#include <array>
#include <string_view>

namespace imedic::seed {
namespace {

void AppendPadded(std::string& out, std::int64_t value, int width) {
  char digits[20];
  int n = 0;
  auto v = static_cast<std::uint64_t>(value < 0 ? -value : value);
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (value < 0) out.push_back('-');
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(digits[--n]);
}

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

}  // namespace

CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return {y, m, d};
}

int YearOf(std::int64_t seconds) { return CivilFromDays(DayOf(seconds)).year; }

void AppendDate(std::string& out, std::int64_t days) {
  const CivilDate c = CivilFromDays(days);
  AppendPadded(out, c.year, 4);
  out.push_back('-');
  AppendPadded(out, c.month, 2);
  out.push_back('-');
  AppendPadded(out, c.day, 2);
}

void AppendTimeOfDay(std::string& out, std::int64_t seconds) {
  AppendPadded(out, seconds / kHour, 2);
  out.push_back(':');
  AppendPadded(out, seconds % kHour / kMinute, 2);
  out.push_back(':');
  AppendPadded(out, seconds % kMinute, 2);
}

void AppendTimestamp(std::string& out, std::int64_t seconds) {
  const std::int64_t day = DayOf(seconds);
  AppendDate(out, day);
  out.push_back(' ');
  AppendTimeOfDay(out, seconds - day * kDay);
  out.append("+00");
}

void AppendIsoTimestamp(std::string& out, std::int64_t seconds) {
  const std::int64_t day = DayOf(seconds);
  AppendDate(out, day);
  out.push_back('T');
  AppendTimeOfDay(out, seconds - day * kDay);
  out.push_back('Z');
}

void AppendLongDate(std::string& out, std::int64_t days) {
  const CivilDate c = CivilFromDays(days);
  AppendPadded(out, c.day, 1);
  out.push_back(' ');
  out.append(kMonthNames[static_cast<std::size_t>(c.month - 1)]);
  out.push_back(' ');
  AppendPadded(out, c.year, 4);
}

std::string DateString(std::int64_t days) {
  std::string s;
  AppendDate(s, days);
  return s;
}

std::string IsoTimestampString(std::int64_t seconds) {
  std::string s;
  AppendIsoTimestamp(s, seconds);
  return s;
}

}  // namespace imedic::seed
