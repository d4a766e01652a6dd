#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/validate/country.hpp"
#include "core/validate/currency.hpp"
#include "core/validate/json_shapes.hpp"
#include "core/validate/language.hpp"
#include "core/validate/timezone.hpp"

namespace imedic::core::validate {
namespace {

using nlohmann::json;

// ---- tables ---------------------------------------------------------------

template <typename Span>
bool SortedUnique(Span s) {
  return std::adjacent_find(s.begin(), s.end(), [](auto a, auto b) { return !(a < b); }) == s.end();
}

TEST(ValidateTables, AreSortedAndUniqueForBinarySearch) {
  EXPECT_TRUE(SortedUnique(CountryCodes()));
  EXPECT_TRUE(SortedUnique(CurrencyCodes()));
  EXPECT_TRUE(SortedUnique(Iso639_1Codes()));
  EXPECT_TRUE(SortedUnique(TimeZoneNames()));
  EXPECT_EQ(CountryCodes().size(), 249u);
  EXPECT_GE(CurrencyCodes().size(), 170u);
  EXPECT_EQ(Iso639_1Codes().size(), 184u);
  EXPECT_GE(TimeZoneNames().size(), 590u);
}

TEST(ValidateTables, EveryEntryPassesItsOwnCheck) {
  for (auto c : CountryCodes()) EXPECT_TRUE(IsCountryCode(c)) << c;
  for (auto c : CurrencyCodes()) EXPECT_TRUE(IsCurrencyCode(c)) << c;
  for (auto c : Iso639_1Codes()) EXPECT_TRUE(IsLanguageTag(c)) << c;
  for (auto z : TimeZoneNames()) EXPECT_TRUE(IsTimeZone(z)) << z;
}

// ---- countries --------------------------------------------------------------

TEST(ValidateCountry, AcceptsAssignedCodes) {
  for (const char* c : {"TR", "GB", "DE", "US", "AD", "ZW", "SS", "AX"}) {
    EXPECT_TRUE(IsCountryCode(c)) << c;
  }
  EXPECT_TRUE(IsCountryCode("BQ"));
  EXPECT_TRUE(IsCountryCode("PS"));
}

TEST(ValidateCountry, RejectsUnassignedLowerCaseAndOtherLengths) {
  for (const char* c :
       {"UK", "tr", "Tr", "XX", "EU", "XK", "AA", "ZZ", "", "T", "TUR", "TR ", "GBR", "1A", "--"}) {
    EXPECT_FALSE(IsCountryCode(c)) << c;
  }
}

// ---- currencies -------------------------------------------------------------

TEST(ValidateCurrency, AcceptsActiveCodes) {
  for (const char* c :
       {"EUR", "TRY", "USD", "GBP", "JPY", "CHF", "AED", "SAR", "ZWG", "XCG", "SLE", "VES"}) {
    EXPECT_TRUE(IsCurrencyCode(c)) << c;
  }
}

TEST(ValidateCurrency, RejectsUnknownWithdrawnAndMalformed) {
  for (const char* c : {"EURO", "eur", "Eur", "EU", "", "ABC", "TRL", "DEM", "HRK", "ZWL", "XXX",
                        "XTS", "US$", "USD "}) {
    EXPECT_FALSE(IsCurrencyCode(c)) << c;
  }
}

// ---- languages --------------------------------------------------------------

TEST(ValidateLanguage, AcceptsWellFormedTags) {
  for (const char* t : {"en",
                        "en-GB",
                        "zh-Hant-TW",
                        "pt-BR",
                        "tr",
                        "TR",
                        "EN-gb",
                        "es-419",
                        "sr-Latn-RS",
                        "zh-yue-HK",
                        "de-CH-1996",
                        "sl-rozaj-biske",
                        "en-US-u-ca-gregory",
                        "en-a-bbb-x-a-ccc",
                        "ar-x-private",
                        "fil",
                        "yue",
                        "ast-ES",
                        "hy-Latn-IT-arevela",
                        "de-DE-u-co-phonebk",
                        "zh-cmn-Hans-CN",
                        "fr-1694acad"}) {
    EXPECT_TRUE(IsLanguageTag(t)) << t;
  }
}

TEST(ValidateLanguage, RejectsIllFormedTags) {
  for (const char* t : {"english",
                        "en_GB",
                        "e",
                        "",
                        "qq",
                        "xx",
                        "en-",
                        "-en",
                        "en--GB",
                        "en-GB-",
                        "1en",
                        "en-GB-GB",
                        "de-1996-1996",
                        "en-a-x-y",
                        "en-a-b-c",
                        "en-u-ca-u-co",
                        "en-x",
                        "en-x-abcdefghi",
                        "x-private",
                        "i-klingon",
                        "en-US-toolongsubtag",
                        "zh-Hant-Hans",
                        "en GB",
                        "en.GB",
                        "en-a-b",
                        "de-CH-abc1"}) {
    EXPECT_FALSE(IsLanguageTag(t)) << t;
  }
}

TEST(ValidateLanguage, LengthIsCappedAt35) {
  std::string tag = "en-x-aaaaaaaa-bbbbbbbb-cccccccc";  // 31
  EXPECT_TRUE(IsLanguageTag(tag));
  EXPECT_TRUE(IsLanguageTag(tag + "-ddd"));    // 35
  EXPECT_FALSE(IsLanguageTag(tag + "-dddd"));  // 36
}

TEST(ValidateLanguage, Iso639_1IsLowerCaseTwoLetters) {
  EXPECT_TRUE(IsIso639_1("en"));
  EXPECT_TRUE(IsIso639_1("tr"));
  EXPECT_FALSE(IsIso639_1("EN"));
  EXPECT_FALSE(IsIso639_1("eng"));
  EXPECT_FALSE(IsIso639_1("qq"));
}

// ---- time zones -------------------------------------------------------------

TEST(ValidateTimeZone, AcceptsZonesAndBackwardLinks) {
  for (const char* z :
       {"Europe/Istanbul", "UTC", "Etc/UTC", "Europe/London", "America/New_York",
        "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Europe/Kyiv", "Europe/Kiev",
        "Asia/Calcutta", "US/Eastern", "Etc/GMT+3", "Australia/Sydney", "Asia/Dubai"}) {
    EXPECT_TRUE(IsTimeZone(z)) << z;
  }
}

TEST(ValidateTimeZone, RejectsUnknownNames) {
  for (const char* z :
       {"Mars/Base", "", "europe/istanbul", "Europe/Istanbul ", "Europe", "Istanbul", "UTC+3",
        "GMT+03:00", "Factory", "/etc/passwd", "../zoneinfo/UTC", "Europe/Istanbul/"}) {
    EXPECT_FALSE(IsTimeZone(z)) << z;
  }
}

TEST(ValidateTimeZone, EveryEmbeddedNameExistsInSystemZoneinfo) {
  const std::filesystem::path root = "/usr/share/zoneinfo";
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) GTEST_SKIP() << "no " << root;
  for (auto name : TimeZoneNames()) {
    EXPECT_TRUE(std::filesystem::exists(root / std::string(name), ec)) << name;
  }
}

// ---- JSON shapes ------------------------------------------------------------

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

using Check = void (*)(const json&, std::string_view, std::vector<FieldError>&);

// The fields named by the errors of `check` on `value` under `prefix`.
std::vector<std::string> Errs(Check check, const json& value, std::string_view prefix) {
  std::vector<FieldError> errors;
  check(value, prefix, errors);
  return Fields(errors);
}

using Names = std::vector<std::string>;

TEST(ValidatePriceRange, AcceptsValidRanges) {
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 2000}, {"max", 4500.5}, {"currency", "EUR"}},
                 "price_range"),
            Names{});
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 0}, {"max", 0}, {"currency", "TRY"}}, "p"), Names{});
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 100}, {"max", 100}, {"currency", "USD"}}, ""),
            Names{});
}

TEST(ValidatePriceRange, RejectsEveryBadField) {
  EXPECT_EQ(
      Errs(CheckPriceRange, json{{"min", 5000}, {"max", 4000}, {"currency", "EUR"}}, "price_range"),
      Names{"price_range.min"});
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", -1}, {"max", 10}, {"currency", "EUR"}}, "pr"),
            Names{"pr.min"});
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 1}, {"max", -10}, {"currency", "EUR"}}, "pr"),
            Names{"pr.max"});
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", "1"}, {"max", true}, {"currency", "EURO"}}, "pr"),
            (Names{"pr.min", "pr.max", "pr.currency"}));
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 1}, {"max", 2}, {"currency", "eur"}}, "pr"),
            Names{"pr.currency"});
  EXPECT_EQ(Errs(CheckPriceRange, json::object(), "pr"),
            (Names{"pr.min", "pr.max", "pr.currency"}));
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 1}, {"max", 2}, {"currency", "EUR"}, {"avg", 1}},
                 "price_range"),
            Names{"price_range.avg"});
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 1}, {"max", 1e12}, {"currency", "EUR"}}, "pr"),
            Names{"pr.max"});
  EXPECT_EQ(Errs(CheckPriceRange, json::array({1, 2}), "price_range"), Names{"price_range"});
  EXPECT_EQ(Errs(CheckPriceRange, json("cheap"), "price_range"), Names{"price_range"});
  EXPECT_EQ(Errs(CheckPriceRange, json{{"min", 5}, {"max", 4}, {"currency", "EUR"}}, ""),
            Names{"min"});
}

json GoodLocation() {
  return {{"address", "Halaskargazi Cd. 38"},
          {"city", "Istanbul"},
          {"country", "TR"},
          {"district", "Sisli"},
          {"postal_code", "34371"},
          {"lat", 41.05},
          {"lng", 28.98}};
}

TEST(ValidateLocation, AcceptsFullAndMinimal) {
  EXPECT_EQ(Errs(CheckLocation, GoodLocation(), "location"), Names{});
  EXPECT_EQ(Errs(CheckLocation, json{{"city", "London"}, {"country", "GB"}}, "location"), Names{});
  EXPECT_EQ(Errs(CheckLocation, json{{"city", "X"}, {"country", "AQ"}, {"lat", -90}, {"lng", 180}},
                 "location"),
            Names{});
  json with_null = GoodLocation();
  with_null["district"] = nullptr;
  EXPECT_EQ(Errs(CheckLocation, with_null, "location"), Names{});
}

TEST(ValidateLocation, RejectsEveryBadField) {
  auto with = [](const char* key, json v) {
    json j = GoodLocation();
    j[key] = std::move(v);
    return Errs(CheckLocation, j, "location");
  };
  EXPECT_EQ(with("lat", 91), Names{"location.lat"});
  EXPECT_EQ(with("lat", -90.5), Names{"location.lat"});
  EXPECT_EQ(with("lng", 180.01), Names{"location.lng"});
  EXPECT_EQ(with("lng", "28.9"), Names{"location.lng"});
  EXPECT_EQ(with("country", "UK"), Names{"location.country"});
  EXPECT_EQ(with("country", "tr"), Names{"location.country"});
  EXPECT_EQ(with("country", "TUR"), Names{"location.country"});
  EXPECT_EQ(with("city", std::string(101, 'a')), Names{"location.city"});
  EXPECT_EQ(with("city", std::string(100, 'a')), Names{});
  EXPECT_EQ(with("city", "   "), Names{"location.city"});
  EXPECT_EQ(with("city", 5), Names{"location.city"});
  EXPECT_EQ(with("address", std::string(301, 'a')), Names{"location.address"});
  EXPECT_EQ(with("district", std::string(101, 'a')), Names{"location.district"});
  EXPECT_EQ(with("postal_code", std::string(21, '1')), Names{"location.postal_code"});
  EXPECT_EQ(with("address", std::string("a\0b", 3)), Names{"location.address"});
  EXPECT_EQ(with("geohash", "sxk9"), Names{"location.geohash"});
  // Length counts characters, not bytes: 100 × "ş" (2 bytes each) is fine.
  std::string turkish;
  for (int i = 0; i < 100; ++i) turkish += "\xC5\x9F";
  EXPECT_EQ(with("city", turkish), Names{});

  EXPECT_EQ(Errs(CheckLocation, json{{"country", "TR"}}, "location"), Names{"location.city"});
  EXPECT_EQ(Errs(CheckLocation, json{{"city", "Ankara"}}, "location"), Names{"location.country"});
  EXPECT_EQ(
      Errs(CheckLocation, json{{"city", "Ankara"}, {"country", "TR"}, {"lat", 39.9}}, "location"),
      Names{"location.lng"});
  EXPECT_EQ(Errs(CheckLocation, json::array(), "location"), Names{"location"});
}

TEST(ValidateContactInfo, AcceptsAnyNonEmptyCombination) {
  EXPECT_EQ(Errs(CheckContactInfo,
                 json{{"phone", "+905321234567"},
                      {"email", "info@clinic.example.com"},
                      {"website", "https://www.clinic.com.tr/en?x=1"}},
                 "contact_info"),
            Names{});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"phone", "+90 532 123 45 67"}}, "c"), Names{});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"email", "a@b.de"}}, "c"), Names{});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"website", "http://clinic.de"}}, "c"), Names{});
}

TEST(ValidateContactInfo, RejectsEveryBadField) {
  EXPECT_EQ(Errs(CheckContactInfo, json::object(), "contact_info"), Names{"contact_info"});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"phone", nullptr}}, "contact_info"),
            Names{"contact_info"});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"phone", "05321234567"}}, "c"), Names{"c.phone"});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"phone", "+1"}}, "c"), Names{"c.phone"});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"email", "not-an-email"}}, "c"), Names{"c.email"});
  EXPECT_EQ(Errs(CheckContactInfo, json{{"email", "a@b.de"}, {"fax", "+4930123456"}}, "c"),
            Names{"c.fax"});
  for (const char* url : {"ftp://clinic.de", "javascript:alert(1)", "clinic.de", "https://",
                          "https://clinic", "https://user:pw@clinic.de", "https://clinic.de/a b",
                          "https://-clinic.de", "https://clinic..de", "https://clinic.de:99999",
                          "https://clinic.de:", "http:/clinic.de", "https://clinic.de/<script>"}) {
    EXPECT_EQ(Errs(CheckContactInfo, json{{"website", url}}, "c"), Names{"c.website"}) << url;
  }
  EXPECT_EQ(Errs(CheckContactInfo, json{{"website", "https://a.de/" + std::string(300, 'x')}}, "c"),
            Names{"c.website"});
}

TEST(ValidateWebUrl, AcceptsOrdinaryAddresses) {
  for (const char* url : {"https://clinic.de", "HTTPS://Clinic.DE/", "http://a.b.c.example:8080/x",
                          "https://clinic.com.tr/en/hair#top", "https://xn--mnchen-3ya.de"}) {
    EXPECT_TRUE(IsWebUrl(url)) << url;
  }
}

TEST(ValidateEmergencyContact, AcceptsValid) {
  EXPECT_EQ(Errs(CheckEmergencyContact,
                 json{{"name", "Ayşe Yılmaz"},
                      {"phone", "+905321234567"},
                      {"relationship", "sister"},
                      {"email", "ayse@example.com"}},
                 "emergency_contact"),
            Names{});
  EXPECT_EQ(Errs(CheckEmergencyContact, json{{"name", "A"}, {"phone", "+447911123456"}}, "e"),
            Names{});
}

TEST(ValidateEmergencyContact, RejectsEveryBadField) {
  EXPECT_EQ(Errs(CheckEmergencyContact, json::object(), "emergency_contact"),
            (Names{"emergency_contact.name", "emergency_contact.phone"}));
  EXPECT_EQ(Errs(CheckEmergencyContact,
                 json{{"name", std::string(201, 'n')}, {"phone", "+905321234567"}}, "e"),
            Names{"e.name"});
  EXPECT_EQ(Errs(CheckEmergencyContact, json{{"name", "A"}, {"phone", "12345"}}, "e"),
            Names{"e.phone"});
  EXPECT_EQ(
      Errs(CheckEmergencyContact,
           json{{"name", "A"}, {"phone", "+905321234567"}, {"relationship", std::string(51, 'r')}},
           "e"),
      Names{"e.relationship"});
  EXPECT_EQ(Errs(CheckEmergencyContact,
                 json{{"name", "A"}, {"phone", "+905321234567"}, {"email", "nope"}}, "e"),
            Names{"e.email"});
  EXPECT_EQ(Errs(CheckEmergencyContact,
                 json{{"name", "A"}, {"phone", "+905321234567"}, {"address", "x"}}, "e"),
            Names{"e.address"});
  EXPECT_EQ(Errs(CheckEmergencyContact, json(nullptr), "e"), Names{"e"});
}

json GoodTravel() {
  return {{"departure_city", "Berlin"},
          {"departure_country", "DE"},
          {"seat", "window"},
          {"accommodation", "clinic_partner"},
          {"nights", 4},
          {"companions", 1},
          {"needs_airport_transfer", true},
          {"notes", "Vegetarian meals"}};
}

TEST(ValidateTravelPreferences, AcceptsValid) {
  EXPECT_EQ(Errs(CheckTravelPreferences, GoodTravel(), "travel_preferences"), Names{});
  EXPECT_EQ(Errs(CheckTravelPreferences, json::object(), "travel_preferences"), Names{});
  EXPECT_EQ(
      Errs(CheckTravelPreferences, json{{"nights", 0}, {"companions", 10}, {"seat", "aisle"}}, "t"),
      Names{});
  EXPECT_EQ(Errs(CheckTravelPreferences, json{{"nights", 60}, {"accommodation", "none"}}, "t"),
            Names{});
}

TEST(ValidateTravelPreferences, RejectsEveryBadField) {
  auto with = [](const char* key, json v) {
    json j = GoodTravel();
    j[key] = std::move(v);
    return Errs(CheckTravelPreferences, j, "travel_preferences");
  };
  EXPECT_EQ(with("departure_city", std::string(101, 'c')),
            Names{"travel_preferences.departure_city"});
  EXPECT_EQ(with("departure_country", "Germany"), Names{"travel_preferences.departure_country"});
  EXPECT_EQ(with("seat", "middle"), Names{"travel_preferences.seat"});
  EXPECT_EQ(with("seat", "Window"), Names{"travel_preferences.seat"});
  EXPECT_EQ(with("accommodation", "hostel"), Names{"travel_preferences.accommodation"});
  EXPECT_EQ(with("nights", 61), Names{"travel_preferences.nights"});
  EXPECT_EQ(with("nights", -1), Names{"travel_preferences.nights"});
  EXPECT_EQ(with("nights", 2.5), Names{"travel_preferences.nights"});
  EXPECT_EQ(with("nights", 18446744073709551615u), Names{"travel_preferences.nights"});
  EXPECT_EQ(with("companions", 11), Names{"travel_preferences.companions"});
  EXPECT_EQ(with("needs_airport_transfer", "yes"),
            Names{"travel_preferences.needs_airport_transfer"});
  EXPECT_EQ(with("notes", std::string(1001, 'n')), Names{"travel_preferences.notes"});
  EXPECT_EQ(with("pet", "dog"), Names{"travel_preferences.pet"});
  EXPECT_EQ(Errs(CheckTravelPreferences, json{{"seat", "middle"}, {"nights", 99}, {"x", 1}}, "t"),
            (Names{"t.seat", "t.nights", "t.x"}));
}

TEST(ValidateStringArray, AcceptsWithinLimits) {
  std::vector<FieldError> errors;
  CheckStringArray(json{"FUE", "DHI"}, "techniques", errors, 5, 10);
  CheckStringArray(json::array(), "techniques", errors, 5, 10);
  CheckStringArray(json{"en", "tr", "de-CH"}, "languages", errors, 10, 35, IsLanguageTag);
  EXPECT_EQ(Fields(errors), Names{});
}

TEST(ValidateStringArray, RejectsEveryBadItem) {
  auto run = [](const json& v) {
    std::vector<FieldError> errors;
    CheckStringArray(v, "languages", errors, 3, 5, IsLanguageTag, "must be a BCP 47 tag");
    return Fields(errors);
  };
  EXPECT_EQ(run(json("en")), Names{"languages"});
  EXPECT_EQ(run(json{"en", "tr", "de", "fr"}), Names{"languages"});
  EXPECT_EQ(run(json{"en", 5}), Names{"languages[1]"});
  EXPECT_EQ(run(json{"en", ""}), Names{"languages[1]"});
  EXPECT_EQ(run(json{"zh-Hant"}), Names{"languages[0]"});  // over 5 characters
  EXPECT_EQ(run(json{"english"}), Names{"languages[0]"});
  EXPECT_EQ(run(json{"en", "xx", "en_GB"}), (Names{"languages[1]", "languages[2]"}));
  EXPECT_EQ(run(json{"en", "en"}), Names{"languages[1]"});
  std::vector<FieldError> errors;
  CheckStringArray(
      json{"ok", "bad"}, "tags", errors, 5, 10, [](std::string_view s) { return s != "bad"; },
      "is bad");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "tags[1]");
  EXPECT_EQ(errors[0].message, "is bad");
}

}  // namespace
}  // namespace imedic::core::validate
