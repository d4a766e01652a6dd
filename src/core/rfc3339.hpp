// The one date and date-time grammar: RFC 3339 section 5.6, and the few
// extensions API query parameters accept, each named and off by default.
//
// Strict (DateTimeSyntax{} / IsRfc3339):
//   date-time  = full-date ("T" / "t") full-time            (section 5.6 and its NOTE)
//   full-date  = YYYY "-" MM "-" DD, a real day, years 0001..9999
//   full-time  = HH ":" MM ":" SS ["." 1*9DIGIT] ("Z" / "z" / ("+" / "-") HH ":" MM)
//   HH 00..23, MM 00..59, SS 00..60, offset HH 00..23 and MM 00..59.
//   SS = 60 (a leap second, section 5.7) only where the time, moved to UTC
//   by its offset, is 23:59 — the only minute leap seconds have been
//   inserted at — so "1990-12-31T23:59:60Z" and "1990-12-31T15:59:60-08:00"
//   are accepted and "2026-01-14T10:00:60Z" is not. Whether a leap second
//   really happened on that day is not checked (it needs a table that ages).
//   The fraction is capped at 9 digits (nanoseconds); RFC 3339 allows more,
//   PostgreSQL keeps 6. "-00:00" (unknown local offset, section 4.3) is UTC.
//
// Extensions (DateTimeSyntax fields; kTimestampParameter turns all on):
//   space_for_t     a single space in place of "T": the section 5.6 NOTE
//                   allows it "for the sake of readability", and it is how
//                   PostgreSQL writes timestamps.
//   bare_date       a full-date alone, meaning 00:00:00 at the start of that
//                   day; the text is bound as is, so PostgreSQL reads it in the
//                   session time zone.
//   postgres_offset offsets as PostgreSQL writes them besides +HH:MM: "+HH"
//                   and "+HH:MM:SS" (historic local mean time).
#pragma once

#include <optional>
#include <string_view>

namespace imedic::core {

struct DateTimeSyntax {
  bool space_for_t = false;
  bool bare_date = false;
  bool postgres_offset = false;
};

// What list filters and list cursors on timestamp columns accept: RFC 3339
// plus every extension above (PostgREST-style filters, where a bare date or
// a value pasted from psql is common). The audit trail's from/to take strict
// RFC 3339 (IsRfc3339) only.
inline constexpr DateTimeSyntax kTimestampParameter{true, true, true};

struct DateTime {
  int year = 1, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;  // second 60: a leap second
  int nanosecond = 0;
  int offset_seconds = 0;  // east of UTC
  bool date_only = false;  // a bare date (only with DateTimeSyntax::bare_date)
};

// The parts of `text`, or nullopt when it does not follow the grammar.
std::optional<DateTime> ParseDateTime(std::string_view text, DateTimeSyntax syntax = {});

// Strict RFC 3339 date-time.
bool IsRfc3339(std::string_view text);

// A full-date "YYYY-MM-DD" naming a real day (leap years included), 0001..9999.
std::optional<DateTime> ParseFullDate(std::string_view text);

}  // namespace imedic::core
