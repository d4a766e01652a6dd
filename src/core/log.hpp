// Structured logs: one JSON object per line on stderr, through spdlog.
//
// A log line holds names, ids, codes and durations. It never holds request
// bodies, query parameters, tokens, passwords or medical data: callers pass
// only such fields, and there is deliberately no "dump this object" helper.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imedic::core::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Sets the minimum level ("debug", "info", "warn", "error"); unknown → info.
void SetLevel(std::string_view level);

// Builds one line: Event(Level::kInfo, "request").Str("method", m).Int("status", 200).Emit();
class Event {
 public:
  Event(Level level, std::string_view event);
  Event(const Event&) = delete;
  ~Event();  // emits if Emit() was not called

  Event& Str(std::string_view key, std::string_view value);
  Event& Int(std::string_view key, std::int64_t value);
  Event& Num(std::string_view key, double value);
  Event& Bool(std::string_view key, bool value);
  void Emit();

 private:
  void AppendKey(std::string_view key);
  Level level_;
  std::string line_;
  bool emitted_ = false;
};

inline Event Info(std::string_view event) { return Event(Level::kInfo, event); }
inline Event Warn(std::string_view event) { return Event(Level::kWarn, event); }
inline Event Error(std::string_view event) { return Event(Level::kError, event); }
inline Event Debug(std::string_view event) { return Event(Level::kDebug, event); }

}  // namespace imedic::core::log
