#include "domains/messaging/consent_keywords.hpp"

#include <string>
#include <vector>

#include "core/utf8.hpp"

namespace imedic::messaging {

namespace {

// One letter's folded form: lower case, and the Turkish, German and Arabic
// letters people type either way folded to their plain form, so "BASLA",
// "başla" and "BAŞLA" are one word, as are "İPTAL" and "iptal".
char32_t Fold(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  switch (c) {
    case U'\u0130':  // İ
    case U'\u0131':  // ı
      return U'i';
    case U'\u015E':  // Ş
    case U'\u015F':  // ş
      return U's';
    case U'\u00C7':  // Ç
    case U'\u00E7':  // ç
      return U'c';
    case U'\u011E':  // Ğ
    case U'\u011F':  // ğ
      return U'g';
    case U'\u00DC':  // Ü
    case U'\u00FC':  // ü
      return U'u';
    case U'\u00D6':  // Ö
    case U'\u00F6':  // ö
      return U'o';
    case U'\u0622':      // آ
    case U'\u0623':      // أ
    case U'\u0625':      // إ
      return U'\u0627';  // ا
    case U'\u0401':      // Ё
      return U'\u0451';
    default: break;
  }
  if (c >= U'\u0410' && c <= U'\u042F') return c + 32;  // Cyrillic capitals
  return c;
}

bool Ignorable(char32_t c) {
  // Spaces around the word, and the direction and zero-width marks phone
  // keyboards add around Arabic text.
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\u00A0' || c == U'\u200B' ||
         c == U'\u200E' || c == U'\u200F' || c == U'\u2060' || c == U'\uFEFF';
}

// The folded code points of `text` without leading and trailing spaces;
// nullopt for invalid UTF-8.
std::optional<std::u32string> Folded(std::string_view text) {
  std::u32string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t c = 0;
    if (!core::NextCodePoint(text, pos, c)) return std::nullopt;
    out.push_back(Fold(c));
  }
  std::size_t b = 0, e = out.size();
  while (b < e && Ignorable(out[b])) ++b;
  while (e > b && Ignorable(out[e - 1])) --e;
  return out.substr(b, e - b);
}

struct Keyword {
  std::u32string folded;
  ConsentKeyword result;
};

const std::vector<Keyword>& Keywords() {
  static const std::vector<Keyword>* const kAll = [] {
    auto* all = new std::vector<Keyword>;
    auto add = [all](const char* word, const char* state) {
      all->push_back({*Folded(word), {state, word}});
    };
    for (const char* w : {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "DUR", "İPTAL",
                          "STOPP", "ABMELDEN", "إلغاء", "توقف", "СТОП", "ОТПИСАТЬСЯ"}) {
      add(w, "opted_out");
    }
    for (const char* w : {"START", "UNSTOP", "BAŞLA", "ANMELDEN", "ابدأ", "СТАРТ"}) {
      add(w, "opted_in");
    }
    return all;
  }();
  return *kAll;
}

}  // namespace

std::optional<ConsentKeyword> MatchConsentKeyword(std::string_view text) {
  if (text.size() > 64) return std::nullopt;  // no keyword is that long
  auto folded = Folded(text);
  if (!folded || folded->empty()) return std::nullopt;
  for (const Keyword& k : Keywords()) {
    if (k.folded == *folded) return k.result;
  }
  return std::nullopt;
}

}  // namespace imedic::messaging
