// Text helpers of the generator: ASCII forms of names for e-mail addresses
// and URLs, placeholder filling for message texts, and money formatting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imedic::seed {

// Lower-case ASCII form of a UTF-8 name: letters with diacritics lose them
// (ş→s, ü→u, ø→o, ß→ss, ł→l …), and every character other than a-z and 0-9
// is dropped. "O'Sullivan" → "osullivan", "Yılmaz" → "yilmaz".
std::string AsciiFold(std::string_view utf8);

// Like AsciiFold, but runs of dropped characters become one `separator`
// and none is left at the ends: "Galata Hair Clinic" → "galata-hair-clinic".
std::string Slug(std::string_view utf8, char separator = '-');

// Values for the {name} placeholders of a text template.
struct TemplateValues {
  std::string_view greeting;
  std::string_view first;
  std::string_view agent;
  std::string_view procedure;
  std::string_view provider;
  std::string_view date;
  std::string_view time;
  std::string_view price;
  std::string_view hotel;
};

// Appends `text` with {greeting} {first} {agent} {procedure} {provider}
// {date} {time} {price} {hotel} replaced; an unknown placeholder stays as it is.
void FillTemplate(std::string& out, std::string_view text, const TemplateValues& values);

// "€2,400", "£1,850", "$3,100" for whole amounts in a currency code.
std::string FormatPrice(std::int64_t amount, std::string_view currency);

// 3650 → "3,650".
std::string GroupThousands(std::int64_t value);

// A catalogue name without its parenthesised qualifier, for running text:
// "Zirconia Crown (per tooth)" → "Zirconia Crown".
std::string_view ShortName(std::string_view name);

}  // namespace imedic::seed
