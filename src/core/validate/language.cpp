#include "core/validate/language.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace imedic::core::validate {
namespace {

// ISO 639-1: the 184 two-letter language codes, sorted.
// clang-format off
constexpr std::string_view kIso639_1[] = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
};
// clang-format on
static_assert(std::size(kIso639_1) == 184);

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool AllAlpha(std::string_view s) { return std::all_of(s.begin(), s.end(), IsAlpha); }
bool AllDigit(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }
bool AllAlnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsAlpha(c) || IsDigit(c); });
}

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

// Splits on '-'; empty subtags (leading, trailing or doubled '-') make the
// tag ill-formed, reported as an empty vector.
std::vector<std::string_view> Split(std::string_view tag) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dash = tag.find('-', start);
    std::string_view part = tag.substr(
        start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
    if (part.empty() || part.size() > 8) return {};
    parts.push_back(part);
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  return parts;
}

bool IsVariant(std::string_view s) {
  if (!AllAlnum(s)) return false;
  if (s.size() >= 5 && s.size() <= 8) return true;
  return s.size() == 4 && IsDigit(s[0]);
}

}  // namespace

bool IsIso639_1(std::string_view code) {
  if (code.size() != 2) return false;
  return std::binary_search(std::begin(kIso639_1), std::end(kIso639_1), code);
}

std::span<const std::string_view> Iso639_1Codes() { return kIso639_1; }

bool IsLanguageTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  std::vector<std::string_view> parts = Split(tag);
  if (parts.empty()) return false;
  std::size_t i = 0;
  const std::size_t n = parts.size();

  // language = 2*3ALPHA ["-" extlang]; extlang = 3ALPHA *2("-" 3ALPHA)
  std::string_view language = parts[i++];
  if (language.size() < 2 || language.size() > 3 || !AllAlpha(language)) return false;
  if (language.size() == 2 && !IsIso639_1(LowerCopy(language))) return false;
  for (int ext = 0; ext < 3 && i < n && parts[i].size() == 3 && AllAlpha(parts[i]); ++ext) ++i;

  // ["-" script] 4ALPHA
  if (i < n && parts[i].size() == 4 && AllAlpha(parts[i])) ++i;

  // ["-" region] 2ALPHA / 3DIGIT
  if (i < n && ((parts[i].size() == 2 && AllAlpha(parts[i])) ||
                (parts[i].size() == 3 && AllDigit(parts[i])))) {
    ++i;
  }

  // *("-" variant), no repeats
  std::vector<std::string> variants;
  while (i < n && IsVariant(parts[i])) {
    std::string v = LowerCopy(parts[i++]);
    if (std::find(variants.begin(), variants.end(), v) != variants.end()) return false;
    variants.push_back(std::move(v));
  }

  // *("-" extension); extension = singleton 1*("-" (2*8alphanum)), no repeats
  std::string singletons;
  while (i < n && parts[i].size() == 1 && Lower(parts[i][0]) != 'x') {
    char s = Lower(parts[i][0]);
    if (!IsAlpha(s) && !IsDigit(s)) return false;
    if (singletons.find(s) != std::string::npos) return false;
    singletons.push_back(s);
    ++i;
    std::size_t subtags = 0;
    while (i < n && parts[i].size() >= 2 && AllAlnum(parts[i])) {
      ++i;
      ++subtags;
    }
    if (subtags == 0) return false;
  }

  // ["-" privateuse]; privateuse = "x" 1*("-" (1*8alphanum))
  if (i < n && parts[i].size() == 1 && Lower(parts[i][0]) == 'x') {
    ++i;
    if (i == n) return false;
    for (; i < n; ++i) {
      if (!AllAlnum(parts[i])) return false;
    }
  }
  return i == n;
}

}  // namespace imedic::core::validate
