// Dates and times of the generated data: every instant is a count of
// seconds since the Unix epoch (UTC), every date a count of days, and all of
// them are placed relative to one fixed reference instant, never the clock,
// so that a seed reproduces the same rows on any day.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace imedic::seed {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

// "No value": written as NULL by the COPY writer.
constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
constexpr std::int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(std::int64_t days);

// The instant "now" of the generated world: 2026-11-01T00:00:00Z.
constexpr std::int64_t kReferenceDay = DaysFromCivil(2026, 11, 1);
constexpr std::int64_t kReferenceTime = kReferenceDay * kDay;
// The company's first day of business; nothing is older than this.
constexpr std::int64_t kBusinessStartDay = DaysFromCivil(2024, 1, 8);
constexpr std::int64_t kBusinessStart = kBusinessStartDay * kDay;

constexpr std::int64_t DayOf(std::int64_t seconds) {
  return seconds >= 0 ? seconds / kDay : (seconds - kDay + 1) / kDay;
}
// 0 = Sunday … 6 = Saturday.
constexpr int Weekday(std::int64_t days) {
  const std::int64_t w = (days + 4) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(w >= 0 ? w : w + 7);
}
int YearOf(std::int64_t seconds);

// COPY/SQL text forms.
void AppendDate(std::string& out, std::int64_t days);          // 2026-11-01
void AppendTimeOfDay(std::string& out, std::int64_t seconds);  // 09:30:00
void AppendTimestamp(std::string& out, std::int64_t seconds);  // 2026-11-01 09:30:00+00
// ISO 8601 form for JSON documents: 2026-11-01T09:30:00Z.
void AppendIsoTimestamp(std::string& out, std::int64_t seconds);
// Human form for message texts: "12 November 2026".
void AppendLongDate(std::string& out, std::int64_t days);

std::string DateString(std::int64_t days);
std::string IsoTimestampString(std::int64_t seconds);

}  // namespace imedic::seed
