// A named SQL statement. Every statement the application runs lives in a .sql
// file that the build turns into one of these constants; the name is what the
// statement is prepared as on each connection, and what logs mention.
#pragma once

#include <string_view>

namespace imedic::db {

struct Query {
  std::string_view name;
  std::string_view text;
};

}  // namespace imedic::db
