// Opt-out and opt-in by keyword: a message that is exactly one of these
// words (trimmed, case-insensitive, Turkish dotted/dotless i folded) changes
// the channel's consent. Only the whole message counts, so "please stop the
// reminders" is an ordinary message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace imedic::messaging {

struct ConsentKeyword {
  std::string state;    // opted_out | opted_in
  std::string keyword;  // the canonical keyword matched ("STOP", "İPTAL", …)
};

// Opt-out: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, and DUR, İPTAL
// (Turkish), STOPP, ABMELDEN (German), إلغاء, توقف (Arabic), СТОП,
// ОТПИСАТЬСЯ (Russian). Opt-in: START, UNSTOP, BAŞLA, ANMELDEN, ابدأ, СТАРТ.
std::optional<ConsentKeyword> MatchConsentKeyword(std::string_view text);

}  // namespace imedic::messaging
