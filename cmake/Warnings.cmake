# Warnings for our own targets (third-party headers are SYSTEM includes).
function(imedic_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(IMEDIC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(IMEDIC_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
