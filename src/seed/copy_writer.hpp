// Streams rows into one table with COPY … FROM STDIN (text format), the
// fastest way to load millions of rows through libpq: rows are encoded into
// a buffer that is handed to the server in ~1 MB chunks.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "seed/uuid.hpp"

namespace imedic::seed {

// Appends `value` escaped for one field of COPY's text format: backslash,
// tab, newline and carriage return become \\, \t, \n and \r.
void AppendCopyEscaped(std::string& out, std::string_view value);

// Appends a PostgreSQL array literal, {"a","b"}: every element is quoted and
// its " and \ are backslash-escaped. The result still needs COPY escaping.
void AppendArrayLiteral(std::string& out, std::span<const std::string_view> items);

using ProgressFn = std::function<void(const std::string&)>;

// Usage: Start(), then per row one call per column in the declared order
// followed by EndRow(), then Finish(). Encoding never fails; the first
// failure to send (or a wrong field count, which is a bug) is kept and
// returned by Finish(), after which nothing more is sent.
class CopyWriter {
 public:
  CopyWriter(db::Connection& conn, std::string_view table,
             std::initializer_list<std::string_view> columns, const ProgressFn* progress);
  CopyWriter(const CopyWriter&) = delete;
  CopyWriter& operator=(const CopyWriter&) = delete;

  core::Result<void> Start();

  CopyWriter& Null();
  CopyWriter& Text(std::string_view value);
  CopyWriter& Int(std::int64_t value);
  CopyWriter& Bool(bool value);
  CopyWriter& Id(const Uuid& id);               // NULL when nil
  CopyWriter& Timestamp(std::int64_t seconds);  // NULL when kNoTime
  CopyWriter& Date(std::int64_t days);          // NULL when kNoTime
  CopyWriter& TimeOfDay(std::int64_t seconds);
  // A fixed-point number given in hundredths: 123456 → 1234.56.
  CopyWriter& Hundredths(std::int64_t value);
  // A JSON document (already valid JSON text).
  CopyWriter& Json(std::string_view json);
  CopyWriter& TextArray(std::span<const std::string_view> items);

  void EndRow();
  bool ok() const { return !failed_; }
  std::int64_t rows() const { return rows_; }

  // Sends what is left, ends the COPY, reports "<table> <n> rows".
  core::Result<std::int64_t> Finish();

 private:
  void Separate() {
    if (fields_in_row_++ > 0) buffer_.push_back('\t');
  }
  void Flush();
  void Report(bool final_line);

  static constexpr std::size_t kChunkBytes = 1 << 20;
  static constexpr std::int64_t kProgressEvery = 100000;

  db::Connection& conn_;
  std::string table_;
  std::string copy_sql_;
  std::size_t column_count_;
  const ProgressFn* progress_;
  std::string buffer_;
  std::string scratch_;
  std::size_t fields_in_row_ = 0;
  std::int64_t rows_ = 0;
  bool started_ = false;
  bool failed_ = false;
  core::Error error_;
};

}  // namespace imedic::seed
