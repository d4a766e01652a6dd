// A small streaming JSON writer for the seeder's JSONB columns. Building
// millions of documents through a DOM would dominate the run time; this
// appends straight into one reusable buffer and puts commas where needed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imedic::seed {

// Appends `value` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view value);

class JsonWriter {
 public:
  // Empties the buffer (keeping its capacity) for the next document.
  JsonWriter& Reset();

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Inside an object: the member name for the next value.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  // A number with exactly `decimals` digits after the point.
  JsonWriter& Fixed(double value, int decimals);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Seconds since the epoch as an ISO 8601 string; days as YYYY-MM-DD.
  JsonWriter& Timestamp(std::int64_t seconds);
  JsonWriter& Date(std::int64_t days);

  // Shorthands for one member: Key(key) then the value.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, std::int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, int value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }

  const std::string& str() const { return out_; }

 private:
  // Emits the comma that separates this value from the previous sibling.
  void BeforeValue();

  static constexpr int kMaxDepth = 16;
  std::string out_;
  bool has_sibling_[kMaxDepth] = {};
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace imedic::seed
