#include "core/rfc3339.hpp"

namespace imedic::core {

namespace {

// The value of the `n` decimal digits at `pos`, or -1 when any is not a digit
// or the text is too short.
int Digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos > s.size() || s.size() - pos < n) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
}

// The offset at the start of `zone`: "Z"/"z", ±HH:MM, and with
// postgres_offset also ±HH and ±HH:MM:SS. Must consume all of `zone`.
bool ParseOffset(std::string_view zone, bool postgres_offset, int& seconds) {
  if (zone == "Z" || zone == "z") {
    seconds = 0;
    return true;
  }
  if (zone.empty() || (zone[0] != '+' && zone[0] != '-')) return false;
  const int sign = zone[0] == '-' ? -1 : 1;
  const int hh = Digits(zone, 1, 2);
  if (hh < 0 || hh > 23) return false;
  int mm = 0, ss = 0;
  if (zone.size() == 3) {
    if (!postgres_offset) return false;
  } else if (zone.size() == 6 || (postgres_offset && zone.size() == 9)) {
    mm = zone[3] == ':' ? Digits(zone, 4, 2) : -1;
    if (mm < 0 || mm > 59) return false;
    if (zone.size() == 9) {
      ss = zone[6] == ':' ? Digits(zone, 7, 2) : -1;
      if (ss < 0 || ss > 59) return false;
    }
  } else {
    return false;
  }
  seconds = sign * (hh * 3600 + mm * 60 + ss);
  return true;
}

}  // namespace

std::optional<DateTime> ParseFullDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  DateTime d;
  d.year = Digits(s, 0, 4);
  d.month = Digits(s, 5, 2);
  d.day = Digits(s, 8, 2);
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > DaysInMonth(d.year, d.month)) {
    return std::nullopt;
  }
  d.date_only = true;
  return d;
}

std::optional<DateTime> ParseDateTime(std::string_view s, DateTimeSyntax syntax) {
  auto d = ParseFullDate(s.substr(0, 10));
  if (!d) return std::nullopt;
  if (s.size() == 10) return syntax.bare_date ? d : std::nullopt;
  d->date_only = false;
  const char sep = s[10];
  if (sep != 'T' && sep != 't' && !(syntax.space_for_t && sep == ' ')) return std::nullopt;
  if (s.size() < 19 || s[13] != ':' || s[16] != ':') return std::nullopt;
  d->hour = Digits(s, 11, 2);
  d->minute = Digits(s, 14, 2);
  d->second = Digits(s, 17, 2);
  if (d->hour < 0 || d->hour > 23 || d->minute < 0 || d->minute > 59 || d->second < 0 ||
      d->second > 60) {
    return std::nullopt;
  }
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    const std::size_t n = i - start;
    if (n == 0 || n > 9) return std::nullopt;
    d->nanosecond = Digits(s, start, n);
    for (std::size_t k = n; k < 9; ++k) d->nanosecond *= 10;
  }
  if (!ParseOffset(s.substr(i), syntax.postgres_offset, d->offset_seconds)) return std::nullopt;
  if (d->second == 60) {
    // The minute of the day in UTC must be 23:59 (1439).
    const int utc_minute =
        ((d->hour * 3600 + d->minute * 60 - d->offset_seconds) / 60 % 1440 + 1440) % 1440;
    if (d->offset_seconds % 60 != 0 || utc_minute != 1439) return std::nullopt;
  }
  return d;
}

bool IsRfc3339(std::string_view text) { return ParseDateTime(text).has_value(); }

}  // namespace imedic::core
