cmake_policy(SET CMP0057 NEW) # if(IN_LIST), also when run with -P
# The layers of drivers/ (drivers/CMakeLists.txt), checked include by include: a folder
# includes only folders of the layers below it (and, inside a layer, the folders listed
# before it). Run at configure time and, as the target parbench_layers, at every build
# (an upward include fails the build before anything links); also on its own:
#   cmake -DPARBENCH_DRIVERS=drivers -P cmake/check_layers.cmake
# Lowest first; folders of one layer separated by commas, in their own order.
set(PARBENCH_LAYERS "base" "env" "core" "output" "plan,glue,io,demo" "analysis,diff,lab" "cli")

function(parbench_check_layers dir)
  set(rank 0)
  set(known "")
  foreach(layer IN LISTS PARBENCH_LAYERS)
    string(REPLACE "," ";" folders "${layer}")
    set(sub 0)
    foreach(f IN LISTS folders)
      set(_rank_${f} ${rank})
      set(_sub_${f} ${sub})
      set(_layer_${f} "${layer}")
      list(APPEND known ${f})
      math(EXPR sub "${sub} + 1")
    endforeach()
    math(EXPR rank "${rank} + 1")
  endforeach()
  file(GLOB sources RELATIVE ${dir} ${dir}/*/*.c ${dir}/*/*.h)
  set(errors "")
  foreach(src IN LISTS sources)
    string(REGEX REPLACE "/.*" "" from "${src}")
    if(NOT from IN_LIST known)
      string(APPEND errors "\n  drivers/${src}: its folder '${from}' is in no layer (add it to PARBENCH_LAYERS)")
      continue()
    endif()
    file(STRINGS ${dir}/${src} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[^\"]*\"([a-z_]+)/.*" "\\1" to "${line}")
      if(NOT to IN_LIST known OR to STREQUAL from)
        continue() # the kernels' headers (common/, matmul/, ...) are below every layer
      endif()
      if(_rank_${to} GREATER _rank_${from} OR
         (_rank_${to} EQUAL _rank_${from} AND _sub_${to} GREATER _sub_${from}))
        string(STRIP "${line}" shown)
        string(APPEND errors "\n  drivers/${src}: ${shown}: '${from}' (layer ${_layer_${from}}) may not include '${to}' (layer ${_layer_${to}}, above it)")
      endif()
    endforeach()
  endforeach()
  if(errors)
    message(FATAL_ERROR "parbench: includes that point upward across the layers "
            "(a folder includes only folders below it; see README, Layout):${errors}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  if(NOT PARBENCH_DRIVERS)
    message(FATAL_ERROR "usage: cmake -DPARBENCH_DRIVERS=DIR -P cmake/check_layers.cmake")
  endif()
  parbench_check_layers(${PARBENCH_DRIVERS})
endif()
