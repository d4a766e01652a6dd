// Reads PostgreSQL's text form of one-dimensional arrays of plain tokens
// ("{a,b,c}"), as returned for text[] and uuid[] columns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imedic::db {

// Elements of a 1-D array literal; quoted elements are unquoted and
// unescaped, NULL elements are skipped. "{}" and "" give an empty vector.
std::vector<std::string> ParseTextArray(std::string_view literal);

// A text[] literal for binding a list as one parameter: {"a","b"} with
// quotes and backslashes escaped.
std::string ToTextArray(const std::vector<std::string>& items);

}  // namespace imedic::db
