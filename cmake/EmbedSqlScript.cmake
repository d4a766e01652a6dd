# cmake -P script: writes OUTPUT, a C++ file holding FILES as raw strings.
# MODE=migrations: files named NNNN_name.sql, versions strictly increasing.
# MODE=queries: files named snake_case.sql → db::Query constants in NAMESPACE.
set(delim "imedic_sql")

function(write_if_changed path content)
  if(EXISTS ${path})
    file(READ ${path} old)
  endif()
  if(NOT "${old}" STREQUAL "${content}")
    file(WRITE ${path} "${content}")
  endif()
endfunction()

if(MODE STREQUAL "queries")
  set(body "")
  foreach(file IN LISTS FILES)
    get_filename_component(stem ${file} NAME_WE)
    if(NOT stem MATCHES "^[a-z][a-z0-9_]*$")
      message(FATAL_ERROR "statement file name must be snake_case.sql: ${file}")
    endif()
    # snake_case → kCamelCase
    string(REPLACE "_" ";" parts ${stem})
    set(constant "k")
    foreach(part IN LISTS parts)
      string(SUBSTRING ${part} 0 1 head)
      string(TOUPPER ${head} head)
      string(SUBSTRING ${part} 1 -1 tail)
      string(APPEND constant "${head}${tail}")
    endforeach()
    file(READ ${file} sql)
    string(STRIP "${sql}" sql)
    # The prepared-statement name carries the area, so equal file names in
    # two areas never collide on a connection.
    string(APPEND body "inline constexpr db::Query ${constant}{\"${PREFIX}.${stem}\", R\"${delim}(${sql})${delim}\"};\n")
  endforeach()
  write_if_changed(${OUTPUT} "// Generated from .sql files by cmake/EmbedSqlScript.cmake. Do not edit.
#pragma once

#include \"db/query.hpp\"

namespace ${NAMESPACE} {

${body}
}  // namespace ${NAMESPACE}
")
  return()
endif()
set(body "")
set(prev_version 0)
foreach(file IN LISTS FILES)
  get_filename_component(stem ${file} NAME_WE)
  if(NOT stem MATCHES "^([0-9][0-9][0-9][0-9])_[a-z0-9_]+$")
    message(FATAL_ERROR "migration file name must be NNNN_snake_case.sql: ${file}")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  if(NOT version GREATER prev_version)
    message(FATAL_ERROR "migration versions must increase without repeats: ${file}")
  endif()
  set(prev_version ${version})
  file(READ ${file} sql)
  string(FIND "${sql}" ")${delim}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw-string delimiter")
  endif()
  string(APPEND body "    {${version}, \"${stem}\", R\"${delim}(${sql})${delim}\"},\n")
endforeach()
set(content "// Generated from migrations/*.sql by cmake/EmbedSqlScript.cmake. Do not edit.
#include \"db/migrator.hpp\"

namespace imedic::db {

namespace {
// A leading sentinel keeps the array non-empty; it is skipped below.
const Migration kMigrations[] = {
    {0, \"\", \"\"},
${body}};
}  // namespace

std::span<const Migration> EmbeddedMigrations() {
  return std::span<const Migration>(kMigrations).subspan(1);
}

}  // namespace imedic::db
")
# Only touch the file when it changes, to spare rebuilds.
write_if_changed(${OUTPUT} "${content}")
