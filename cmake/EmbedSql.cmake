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
