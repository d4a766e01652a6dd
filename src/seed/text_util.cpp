#include "seed/text_util.hpp"

namespace imedic::seed {
namespace {

// Decodes one UTF-8 code point starting at text[i] and advances i; invalid
// bytes decode as U+FFFD so folding simply drops them.
char32_t NextCodePoint(std::string_view text, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(text[i++]);
  if (b0 < 0x80) return b0;
  int extra = 0;
  char32_t cp = 0;
  if ((b0 & 0xe0) == 0xc0) {
    extra = 1;
    cp = b0 & 0x1f;
  } else if ((b0 & 0xf0) == 0xe0) {
    extra = 2;
    cp = b0 & 0x0f;
  } else if ((b0 & 0xf8) == 0xf0) {
    extra = 3;
    cp = b0 & 0x07;
  } else {
    return 0xfffd;
  }
  for (int k = 0; k < extra; ++k) {
    if (i >= text.size()) return 0xfffd;
    const auto b = static_cast<unsigned char>(text[i]);
    if ((b & 0xc0) != 0x80) return 0xfffd;
    cp = (cp << 6) | (b & 0x3f);
    ++i;
  }
  return cp;
}

// The ASCII letters a Latin letter folds to, or "" to drop it.
std::string_view FoldLetter(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') return {};  // handled by the caller
  switch (cp) {
    case U'à':
    case U'á':
    case U'â':
    case U'ã':
    case U'ä':
    case U'å':
    case U'ā':
    case U'ă':
    case U'ą':
    case U'À':
    case U'Á':
    case U'Â':
    case U'Ã':
    case U'Ä':
    case U'Å':
    case U'Ă': return "a";
    case U'æ':
    case U'Æ': return "ae";
    case U'ç':
    case U'ć':
    case U'č':
    case U'Ç':
    case U'Ć':
    case U'Č': return "c";
    case U'ð':
    case U'đ':
    case U'Đ': return "d";
    case U'è':
    case U'é':
    case U'ê':
    case U'ë':
    case U'ē':
    case U'ę':
    case U'ě':
    case U'È':
    case U'É':
    case U'Ê':
    case U'Ë':
    case U'Ę': return "e";
    case U'ğ':
    case U'Ğ': return "g";
    case U'ì':
    case U'í':
    case U'î':
    case U'ï':
    case U'ı':
    case U'Ì':
    case U'Í':
    case U'Î':
    case U'Ï':
    case U'İ': return "i";
    case U'ł':
    case U'Ł': return "l";
    case U'ñ':
    case U'ń':
    case U'ň':
    case U'Ñ':
    case U'Ń': return "n";
    case U'ò':
    case U'ó':
    case U'ô':
    case U'õ':
    case U'ö':
    case U'ø':
    case U'ő':
    case U'Ò':
    case U'Ó':
    case U'Ô':
    case U'Õ':
    case U'Ö':
    case U'Ø': return "o";
    case U'œ':
    case U'Œ': return "oe";
    case U'ř':
    case U'Ř': return "r";
    case U'ş':
    case U'ș':
    case U'ś':
    case U'š':
    case U'Ş':
    case U'Ș':
    case U'Ś':
    case U'Š': return "s";
    case U'ß': return "ss";
    case U'ţ':
    case U'ț':
    case U'ť':
    case U'Ţ':
    case U'Ț': return "t";
    case U'ù':
    case U'ú':
    case U'û':
    case U'ü':
    case U'ű':
    case U'ů':
    case U'Ù':
    case U'Ú':
    case U'Û':
    case U'Ü': return "u";
    case U'ý':
    case U'ÿ':
    case U'Ý': return "y";
    case U'ź':
    case U'ż':
    case U'ž':
    case U'Ź':
    case U'Ż':
    case U'Ž': return "z";
    case U'þ':
    case U'Þ': return "th";
    default: return {};
  }
}

template <typename Emit>
void Fold(std::string_view utf8, Emit&& emit) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = NextCodePoint(utf8, i);
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      const char c = static_cast<char>(cp);
      emit(std::string_view(&c, 1));
      continue;
    }
    emit(FoldLetter(cp));
  }
}

}  // namespace

std::string AsciiFold(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  Fold(utf8, [&](std::string_view piece) { out.append(piece); });
  return out;
}

std::string Slug(std::string_view utf8, char separator) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_separator = false;
  Fold(utf8, [&](std::string_view piece) {
    if (piece.empty()) {
      pending_separator = !out.empty();
      return;
    }
    if (pending_separator) out.push_back(separator);
    pending_separator = false;
    out.append(piece);
  });
  return out;
}

void FillTemplate(std::string& out, std::string_view text, const TemplateValues& v) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const std::string_view key = text.substr(open + 1, close - open - 1);
    if (key == "first") out.append(v.first);
    else if (key == "agent") out.append(v.agent);
    else if (key == "procedure") out.append(v.procedure);
    else if (key == "provider") out.append(v.provider);
    else if (key == "date") out.append(v.date);
    else if (key == "time") out.append(v.time);
    else if (key == "price") out.append(v.price);
    else if (key == "hotel") out.append(v.hotel);
    else if (key == "greeting") out.append(v.greeting);
    else out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(i));
}

std::string GroupThousands(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string grouped = value < 0 ? "-" : "";
  const std::size_t n = digits.size();
  for (std::size_t k = 0; k < n; ++k) {
    if (k > 0 && (n - k) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[k]);
  }
  return grouped;
}

std::string FormatPrice(std::int64_t amount, std::string_view currency) {
  const std::string_view symbol = currency == "EUR"   ? "€"
                                  : currency == "GBP" ? "£"
                                  : currency == "USD" ? "$"
                                                      : "";
  if (symbol.empty()) return GroupThousands(amount) + " " + std::string(currency);
  std::string out = amount < 0 ? "-" : "";
  out += symbol;
  out += GroupThousands(amount < 0 ? -amount : amount);
  return out;
}

std::string_view ShortName(std::string_view name) {
  const std::size_t paren = name.find(" (");
  return paren == std::string_view::npos ? name : name.substr(0, paren);
}

}  // namespace imedic::seed
