#include "seed/people.hpp"

#include "seed/calendar.hpp"
#include "seed/text_util.hpp"

namespace imedic::seed {
namespace {

constexpr std::string_view kPersonalDomains[] = {"example.com", "example.org", "example.net"};

// The local part of a personal address in one of the common shapes.
std::string PersonalLocalPart(Prng& rng, const Person& person) {
  const std::string first = AsciiFold(person.first_name);
  const std::string last = AsciiFold(person.last_name);
  const int year = CivilFromDays(person.birth_day).year;
  switch (rng.Weighted({30, 14, 14, 10, 8, 8, 16})) {
    case 0: return first + "." + last;
    case 1: return first + last;
    case 2: return first + "." + last + std::to_string(year % 100 + 100).substr(1);
    case 3: return first.substr(0, 1) + "." + last;
    case 4: return first + "_" + last;
    case 5: return last + "." + first;
    default: return first + last + std::to_string(rng.Int(1, 99));
  }
}

}  // namespace

Person MakePerson(Prng& rng, std::size_t country_index, Gender gender, int min_age, int max_age) {
  const ref::Country& country = ref::Countries()[country_index];
  Person p;
  p.gender = gender;
  p.country = static_cast<std::uint16_t>(country_index);
  p.city = static_cast<std::uint16_t>(rng.Below(country.cities.size()));
  bool female = gender == Gender::kFemale;
  if (gender == Gender::kOther || gender == Gender::kUndisclosed) female = rng.Chance(0.5);
  p.first_name = std::string(rng.Pick(female ? country.female_first : country.male_first));
  const std::size_t last = rng.Below(country.last.size());
  p.last_name = std::string(female && !country.female_last.empty() ? country.female_last[last]
                                                                   : country.last[last]);
  // Triangular age distribution: most people in the middle of the range.
  const double u = (rng.Unit() + rng.Unit()) / 2;
  const int age = min_age + static_cast<int>(u * (max_age - min_age + 1));
  p.birth_day = kReferenceDay - age * 365 - age / 4 - rng.Range(1, 364);
  return p;
}

std::string MakePhone(Prng& rng, const ref::Country& country, std::size_t city) {
  std::string phone = "+";
  phone += country.calling_code;
  std::string_view pattern = rng.Pick(country.mobile_patterns);
  const std::string_view area = city < country.cities.size() ? country.cities[city].area_code : "";
  if (!area.empty()) {
    phone += area;
    pattern = "N######";  // exchange and line number
  }
  for (char c : pattern) {
    if (c == '#') {
      phone.push_back(static_cast<char>('0' + rng.Below(10)));
    } else if (c == 'N') {
      phone.push_back(static_cast<char>('2' + rng.Below(8)));
    } else {
      phone.push_back(c);
    }
  }
  return phone;
}

std::string MakePersonalEmail(Prng& rng, const Person& person) {
  return PersonalLocalPart(rng, person) + "@" + std::string(rng.Pick(kPersonalDomains));
}

std::string ContactBook::Claim(Prng& rng, std::string local, std::string_view domain) {
  if (local.empty()) local = "patient";
  std::string email = local + "@" + std::string(domain);
  // Collisions are rare; each retry adds digits, so this ends quickly.
  for (int attempt = 0; !emails_.insert(email).second; ++attempt) {
    const int digits = attempt < 5 ? 2 : attempt < 20 ? 4 : 6;
    const std::int64_t upper = digits == 2 ? 99 : digits == 4 ? 9999 : 999999;
    email = local + std::to_string(rng.Range(1, upper)) + "@" + std::string(domain);
  }
  return email;
}

std::string ContactBook::ClaimPersonalEmail(Prng& rng, const Person& person) {
  std::string local = PersonalLocalPart(rng, person);
  return Claim(rng, std::move(local), rng.Pick(kPersonalDomains));
}

std::string ContactBook::ClaimWorkEmail(Prng& rng, const Person& person, std::string_view domain) {
  return Claim(rng, AsciiFold(person.first_name) + "." + AsciiFold(person.last_name), domain);
}

std::string ContactBook::ClaimPhone(Prng& rng, const ref::Country& country, std::size_t city) {
  for (;;) {
    std::string phone = MakePhone(rng, country, city);
    if (phones_.insert(phone).second) return phone;
  }
}

}  // namespace imedic::seed
