#include "core/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace imedic::core::log {

namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};

spdlog::logger& Logger() {
  // stderr, no decoration: the line is already a complete JSON object.
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("imedic");
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

// JSON string escaping (RFC 8259): quotes, backslash, control characters.
void AppendEscaped(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

std::string NowRfc3339() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];  // room for any int fields, so GCC sees no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count()));
  return buf;
}

}  // namespace

void SetLevel(std::string_view level) {
  Level l = Level::kInfo;
  if (level == "debug") l = Level::kDebug;
  else if (level == "warn") l = Level::kWarn;
  else if (level == "error") l = Level::kError;
  g_min_level = static_cast<int>(l);
}

Event::Event(Level level, std::string_view event) : level_(level) {
  line_.reserve(192);
  line_ += "{\"ts\":\"";
  line_ += NowRfc3339();
  line_ += "\",\"level\":\"";
  line_ += LevelName(level);
  line_ += "\",\"event\":";
  AppendEscaped(line_, event);
}

Event::~Event() { Emit(); }

void Event::AppendKey(std::string_view key) {
  line_.push_back(',');
  AppendEscaped(line_, key);
  line_.push_back(':');
}

Event& Event::Str(std::string_view key, std::string_view value) {
  AppendKey(key);
  AppendEscaped(line_, value);
  return *this;
}

Event& Event::Int(std::string_view key, std::int64_t value) {
  AppendKey(key);
  line_ += std::to_string(value);
  return *this;
}

Event& Event::Num(std::string_view key, double value) {
  AppendKey(key);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  line_ += buf;
  return *this;
}

Event& Event::Bool(std::string_view key, bool value) {
  AppendKey(key);
  line_ += value ? "true" : "false";
  return *this;
}

void Event::Emit() {
  if (emitted_) return;
  emitted_ = true;
  if (static_cast<int>(level_) < g_min_level.load(std::memory_order_relaxed)) return;
  line_.push_back('}');
  Logger().info(line_);
}

}  // namespace imedic::core::log
