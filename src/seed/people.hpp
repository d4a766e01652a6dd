// Fictional people: names that fit a country and gender, birth dates, and
// contact details that are unique where the schema demands it (users.email,
// users.phone_number). E-mail addresses only ever use reserved example
// domains.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "seed/prng.hpp"
#include "seed/reference_data.hpp"

namespace imedic::seed {

struct Person {
  Gender gender = Gender::kMale;
  std::uint16_t country = 0;
  std::uint16_t city = 0;
  std::string first_name;
  std::string last_name;
  std::int64_t birth_day = 0;
};

// A person of `country` aged min_age..max_age on the reference day. For
// kOther/kUndisclosed a name list is picked at random.
Person MakePerson(Prng& rng, std::size_t country, Gender gender, int min_age, int max_age);

// An E.164 number from one of the country's mobile patterns (in North
// America: with the area code of `city`, an index into country.cities).
std::string MakePhone(Prng& rng, const ref::Country& country, std::size_t city = 0);

// Hands out values at most once, redrawing or decorating on collision.
class ContactBook {
 public:
  // A personal address on an example domain (example.com/.org/.net).
  std::string ClaimPersonalEmail(Prng& rng, const Person& person);
  // first.last@<domain>, with a digit suffix if already taken.
  std::string ClaimWorkEmail(Prng& rng, const Person& person, std::string_view domain);
  std::string ClaimPhone(Prng& rng, const ref::Country& country, std::size_t city = 0);
  bool HasEmail(const std::string& email) const { return emails_.count(email) != 0; }

 private:
  std::string Claim(Prng& rng, std::string local, std::string_view domain);

  std::unordered_set<std::string> emails_;
  std::unordered_set<std::string> phones_;
};

// A personal e-mail address, not checked for uniqueness (for leads).
std::string MakePersonalEmail(Prng& rng, const Person& person);

}  // namespace imedic::seed
