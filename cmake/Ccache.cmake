# Use ccache when it is installed: rebuilds on 2 cores stay short.
find_program(IMEDIC_CCACHE ccache)
if(IMEDIC_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${IMEDIC_CCACHE})
endif()
