#include "seed/copy_writer.hpp"

#include <charconv>

#include "seed/calendar.hpp"

namespace imedic::seed {

void AppendCopyEscaped(std::string& out, std::string_view value) {
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const char* escape = nullptr;
    switch (c) {
      case '\\': escape = "\\\\"; break;
      case '\t': escape = "\\t"; break;
      case '\n': escape = "\\n"; break;
      case '\r': escape = "\\r"; break;
      default: continue;
    }
    out.append(value.substr(plain_from, i - plain_from));
    out.append(escape);
    plain_from = i + 1;
  }
  out.append(value.substr(plain_from));
}

void AppendArrayLiteral(std::string& out, std::span<const std::string_view> items) {
  out.push_back('{');
  bool first = true;
  for (std::string_view item : items) {
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    for (char c : item) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
}

CopyWriter::CopyWriter(db::Connection& conn, std::string_view table,
                       std::initializer_list<std::string_view> columns, const ProgressFn* progress)
    : conn_(conn), table_(table), column_count_(columns.size()), progress_(progress) {
  // Table and column names are compile-time literals of the seeder, never input.
  copy_sql_ = "COPY " + table_ + " (";
  bool first = true;
  for (std::string_view column : columns) {
    if (!first) copy_sql_ += ", ";
    first = false;
    copy_sql_ += column;
  }
  copy_sql_ += ") FROM STDIN";
  buffer_.reserve(kChunkBytes + 64 * 1024);
}

core::Result<void> CopyWriter::Start() {
  auto started = conn_.CopyBegin(copy_sql_);
  if (!started) return core::Fail(started.error());
  started_ = true;
  return {};
}

CopyWriter& CopyWriter::Null() {
  Separate();
  buffer_.append("\\N");
  return *this;
}

CopyWriter& CopyWriter::Text(std::string_view value) {
  Separate();
  AppendCopyEscaped(buffer_, value);
  return *this;
}

CopyWriter& CopyWriter::Int(std::int64_t value) {
  Separate();
  char digits[24];
  auto res = std::to_chars(digits, digits + sizeof digits, value);
  buffer_.append(digits, res.ptr);
  return *this;
}

CopyWriter& CopyWriter::Bool(bool value) {
  Separate();
  buffer_.push_back(value ? 't' : 'f');
  return *this;
}

CopyWriter& CopyWriter::Id(const Uuid& id) {
  if (id.IsNil()) return Null();
  Separate();
  AppendUuid(buffer_, id);
  return *this;
}

CopyWriter& CopyWriter::Timestamp(std::int64_t seconds) {
  if (seconds == kNoTime) return Null();
  Separate();
  AppendTimestamp(buffer_, seconds);
  return *this;
}

CopyWriter& CopyWriter::Date(std::int64_t days) {
  if (days == kNoTime) return Null();
  Separate();
  AppendDate(buffer_, days);
  return *this;
}

CopyWriter& CopyWriter::TimeOfDay(std::int64_t seconds) {
  Separate();
  AppendTimeOfDay(buffer_, seconds);
  return *this;
}

CopyWriter& CopyWriter::Hundredths(std::int64_t value) {
  Separate();
  if (value < 0) {
    buffer_.push_back('-');
    value = -value;
  }
  char digits[24];
  auto res = std::to_chars(digits, digits + sizeof digits, value / 100);
  buffer_.append(digits, res.ptr);
  buffer_.push_back('.');
  buffer_.push_back(static_cast<char>('0' + value % 100 / 10));
  buffer_.push_back(static_cast<char>('0' + value % 10));
  return *this;
}

CopyWriter& CopyWriter::Json(std::string_view json) {
  Separate();
  AppendCopyEscaped(buffer_, json);
  return *this;
}

CopyWriter& CopyWriter::TextArray(std::span<const std::string_view> items) {
  Separate();
  scratch_.clear();
  AppendArrayLiteral(scratch_, items);
  AppendCopyEscaped(buffer_, scratch_);
  return *this;
}

void CopyWriter::EndRow() {
  if (fields_in_row_ != column_count_ && !failed_) {
    failed_ = true;
    error_ = core::Error::Internal("seed: wrong field count for " + table_);
  }
  fields_in_row_ = 0;
  buffer_.push_back('\n');
  ++rows_;
  if (buffer_.size() >= kChunkBytes) Flush();
  if (rows_ % kProgressEvery == 0) Report(false);
}

void CopyWriter::Flush() {
  if (!failed_ && started_ && !buffer_.empty()) {
    auto sent = conn_.CopyPut(buffer_);
    if (!sent) {
      failed_ = true;
      error_ = sent.error();
    }
  }
  buffer_.clear();
}

void CopyWriter::Report(bool final_line) {
  if (progress_ == nullptr || !*progress_) return;
  (*progress_)(table_ + " " + std::to_string(rows_) + (final_line ? " rows" : " rows so far"));
}

core::Result<std::int64_t> CopyWriter::Finish() {
  Flush();
  if (started_) {
    started_ = false;
    // Always end the COPY so the connection leaves the COPY state, even
    // after a failure; the server's verdict then decides.
    auto ended = conn_.CopyEnd();
    if (!ended && !failed_) {
      failed_ = true;
      error_ = ended.error();
    }
  }
  if (failed_) return core::Fail(error_);
  Report(true);
  return rows_;
}

}  // namespace imedic::seed
