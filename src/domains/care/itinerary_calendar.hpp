// The itinerary of a booking as an RFC 5545 iCalendar document (issue 11,
// item 4): one VEVENT per procedure, flight leg, hotel stay and transfer.
// Timed events are written at the wall time of the zone of the place they
// happen (DTSTART;TZID=Europe/Istanbul:…), with one VTIMEZONE per zone used,
// taken from libical's builtin zone data (the system's tzdata) and cut to
// the years around the trip, so that a reader converts each local time back
// to the booked instant across DST changes. libical is included by
// itinerary_calendar.cpp only; this header speaks strings.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"

namespace imedic::care {

struct ItineraryEvent {
  std::string uid;          // globally unique, stable across exports
  std::string summary;      // one line
  std::string location;     // empty: none
  std::string description;  // empty: none
  // Timed events: UTC instants "YYYYMMDDTHHMMSSZ", each written in its IANA
  // zone. An empty end: no DTEND (the event is an instant, e.g. a pick-up).
  std::string start_utc;
  std::string start_zone;
  std::string end_utc;
  std::string end_zone;
  // All-day events (hotel stays): local dates "YYYYMMDD", the end exclusive.
  std::string start_date;
  std::string end_date;
  std::string stamp_utc;   // DTSTAMP: when the row last changed, "YYYYMMDDTHHMMSSZ"
  bool cancelled = false;  // STATUS:CANCELLED (a cancelled booking), else CONFIRMED
};

// The VCALENDAR text (CRLF line ends). A zone libical does not know (or
// UTC), and an instant whose wall time occurs twice (the hour a DST change
// repeats, which readers resolve differently), is written as a UTC time
// ("…Z") rather than guessed. Fails
// (kInternal) only on a malformed instant or date, which the database
// never gives.
core::Result<std::string> RenderItinerary(const std::vector<ItineraryEvent>& events);

}  // namespace imedic::care
