#include "domains/care/itinerary_calendar.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include <libical/ical.h>

namespace imedic::care {

namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

// libical's builtin zone cache is filled lazily and shared by the process:
// one document is built at a time.
std::mutex& LibicalMutex() {
  static std::mutex m;
  return m;
}

core::Error Malformed(const std::string& what) {
  return core::Error(core::ErrorCode::kInternal, "itinerary: malformed time " + what);
}

// A UTC instant "YYYYMMDDTHHMMSSZ" as libical reads it, or a null time.
icaltimetype ReadTime(const std::string& text, bool date) {
  const std::size_t length = date ? 8 : 16;
  if (text.size() != length || (!date && text.back() != 'Z')) return icaltime_null_time();
  icaltimetype t = icaltime_from_string(text.c_str());
  if (icaltime_is_null_time(t) || !icaltime_is_valid_time(t)) return icaltime_null_time();
  return t;
}

// The zone an event's wall time is written in; null for UTC and for names
// libical does not know (then the time is written in UTC).
icaltimezone* ZoneOf(const std::string& name) {
  if (name.empty()) return nullptr;
  icaltimezone* zone = icaltimezone_get_builtin_timezone(name.c_str());
  if (zone == nullptr || zone == icaltimezone_get_utc_timezone()) return nullptr;
  return zone;
}

struct ZoneUse {
  icaltimezone* zone = nullptr;
  int first_year = 0;
  int last_year = 0;
};

// The zone's VTIMEZONE with its TZID = the IANA name (libical's own TZIDs
// carry a vendor prefix), cut to the years around the trip: the STANDARD /
// DAYLIGHT observances in force from a year before the first event to a
// year after the last, as RRULEs where the rule is regular.
Component ZoneComponent(const std::string& name, const ZoneUse& use) {
  icalcomponent* full = icaltimezone_get_component(use.zone);
  if (full == nullptr) return nullptr;
  Component vtz(icalcomponent_new_clone(full));
  const std::string from = std::to_string(use.first_year - 1) + "0101T000000Z";
  const std::string until = std::to_string(use.last_year + 2) + "0101T000000Z";
  icaltimezone_truncate_vtimezone(vtz.get(), icaltime_from_string(from.c_str()),
                                  icaltime_from_string(until.c_str()), 0);
  icalproperty* tzid = icalcomponent_get_first_property(vtz.get(), ICAL_TZID_PROPERTY);
  if (tzid == nullptr) return nullptr;
  icalproperty_set_tzid(tzid, name.c_str());
  return vtz;
}

// Whether the wall time of `utc` in `zone` occurs twice (the hour a DST
// change repeats): then it names no instant alone. RFC 5545 reads such a
// time as its first occurrence, libical as its second; neither is written.
// The shifts cover every DST delta in use (30 minutes to 2 hours).
bool RepeatedWallTime(icaltimetype utc, icaltimezone* zone, const icaltimetype& local) {
  for (int minutes : {30, 60, 120}) {
    for (int sign : {-1, 1}) {
      icaltimetype other = utc;
      icaltime_adjust(&other, 0, 0, sign * minutes, 0);
      if (icaltime_compare(icaltime_convert_to_zone(other, zone), local) == 0) return true;
    }
  }
  return false;
}

// DTSTART / DTEND of a timed event: the wall time in the zone with its
// TZID, or the UTC instant when the zone is UTC or unknown, or when the
// wall time occurs twice (exact for every reader).
icalproperty* TimeProperty(icalproperty* (*make)(icaltimetype), icaltimetype utc,
                           const std::string& zone_name, icaltimezone* zone) {
  if (zone == nullptr) return make(utc);
  icaltimetype local = icaltime_convert_to_zone(utc, zone);
  if (RepeatedWallTime(utc, zone, local)) return make(utc);
  local.zone = nullptr;  // written as a floating time; the TZID parameter names the zone
  icalproperty* p = make(local);
  icalproperty_add_parameter(p, icalparameter_new_tzid(zone_name.c_str()));
  return p;
}

}  // namespace

core::Result<std::string> RenderItinerary(const std::vector<ItineraryEvent>& events) {
  std::lock_guard<std::mutex> lock(LibicalMutex());

  // First the zones used and the years they are used in.
  std::map<std::string, ZoneUse> zones;
  auto use = [&](const std::string& name, const icaltimetype& utc) {
    icaltimezone* zone = ZoneOf(name);
    if (zone == nullptr) return;
    auto [it, fresh] = zones.try_emplace(name, ZoneUse{zone, utc.year, utc.year});
    if (!fresh) {
      it->second.first_year = std::min(it->second.first_year, utc.year);
      it->second.last_year = std::max(it->second.last_year, utc.year);
    }
  };
  for (const ItineraryEvent& e : events) {
    if (!e.start_utc.empty()) use(e.start_zone, ReadTime(e.start_utc, false));
    if (!e.end_utc.empty()) use(e.end_zone, ReadTime(e.end_utc, false));
  }

  Component cal(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//imedic//itinerary//EN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  for (const auto& [name, z] : zones) {
    Component vtz = ZoneComponent(name, z);
    if (!vtz) {
      return core::Fail(
          core::Error(core::ErrorCode::kInternal, "itinerary: no VTIMEZONE for " + name));
    }
    icalcomponent_add_component(cal.get(), vtz.release());
  }

  for (const ItineraryEvent& e : events) {
    Component ev(icalcomponent_new(ICAL_VEVENT_COMPONENT));
    icalcomponent_add_property(ev.get(), icalproperty_new_uid(e.uid.c_str()));
    const icaltimetype stamp = ReadTime(e.stamp_utc, false);
    if (icaltime_is_null_time(stamp)) return core::Fail(Malformed("stamp " + e.stamp_utc));
    icalcomponent_add_property(ev.get(), icalproperty_new_dtstamp(stamp));
    if (!e.start_date.empty()) {
      const icaltimetype start = ReadTime(e.start_date, true);
      if (icaltime_is_null_time(start)) return core::Fail(Malformed("date " + e.start_date));
      icalcomponent_add_property(ev.get(), icalproperty_new_dtstart(start));
      if (!e.end_date.empty()) {
        const icaltimetype end = ReadTime(e.end_date, true);
        if (icaltime_is_null_time(end)) return core::Fail(Malformed("date " + e.end_date));
        icalcomponent_add_property(ev.get(), icalproperty_new_dtend(end));
      }
    } else {
      const icaltimetype start = ReadTime(e.start_utc, false);
      if (icaltime_is_null_time(start)) return core::Fail(Malformed("instant " + e.start_utc));
      icalcomponent_add_property(ev.get(), TimeProperty(icalproperty_new_dtstart, start,
                                                        e.start_zone, ZoneOf(e.start_zone)));
      if (!e.end_utc.empty()) {
        const icaltimetype end = ReadTime(e.end_utc, false);
        if (icaltime_is_null_time(end)) return core::Fail(Malformed("instant " + e.end_utc));
        icalcomponent_add_property(
            ev.get(), TimeProperty(icalproperty_new_dtend, end, e.end_zone, ZoneOf(e.end_zone)));
      }
    }
    icalcomponent_add_property(ev.get(), icalproperty_new_summary(e.summary.c_str()));
    if (!e.location.empty()) {
      icalcomponent_add_property(ev.get(), icalproperty_new_location(e.location.c_str()));
    }
    if (!e.description.empty()) {
      icalcomponent_add_property(ev.get(), icalproperty_new_description(e.description.c_str()));
    }
    icalcomponent_add_property(
        ev.get(),
        icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(ev.get(), icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
    icalcomponent_add_component(cal.get(), ev.release());
  }

  char* text = icalcomponent_as_ical_string_r(cal.get());
  if (text == nullptr) {
    return core::Fail(core::Error(core::ErrorCode::kInternal, "itinerary: not serialised"));
  }
  std::string out(text);
  icalmemory_free_buffer(text);
  return out;
}

}  // namespace imedic::care
