# Turns SQL files into C++ constants at build time, so the binary carries
# its schema and statements and needs no source tree at run time.
set(IMEDIC_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedSqlScript.cmake)

function(imedic_embed_migrations)
  cmake_parse_arguments(ARG "" "OUTPUT" "FILES" ${ARGN})
  list(SORT ARG_FILES)
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DMODE=migrations -DOUTPUT=${ARG_OUTPUT} "-DFILES=${ARG_FILES}"
            -P ${IMEDIC_EMBED_SCRIPT}
    DEPENDS ${ARG_FILES} ${IMEDIC_EMBED_SCRIPT}
    COMMENT "Embedding SQL migrations"
    VERBATIM)
endfunction()

# One header of db::Query constants per folder of .sql files: the file
# `find_user_by_email.sql` becomes `kFindUserByEmail{"find_user_by_email", "…"}`.
# Each statement is prepared under its name on first use per connection.
function(imedic_embed_queries)
  cmake_parse_arguments(ARG "" "OUTPUT;NAMESPACE;PREFIX" "FILES" ${ARGN})
  list(SORT ARG_FILES)
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DMODE=queries -DOUTPUT=${ARG_OUTPUT} -DNAMESPACE=${ARG_NAMESPACE}
            -DPREFIX=${ARG_PREFIX}
            "-DFILES=${ARG_FILES}" -P ${IMEDIC_EMBED_SCRIPT}
    DEPENDS ${ARG_FILES} ${IMEDIC_EMBED_SCRIPT}
    COMMENT "Embedding SQL statements for ${ARG_NAMESPACE}"
    VERBATIM)
endfunction()
