# The launcher of the MPI that parbench links, and which family its flags belong to.
#
# Debian installs MPICH beside Open MPI (mpicc.mpich, mpiexec.mpich) while
# /usr/bin/mpiexec stays Open MPI's, so CMake's standard hint -DMPI_C_COMPILER=mpicc.mpich
# alone finds MPICH's library next to Open MPI's launcher, and every "rank" would start as
# a singleton. The compiler's suffix is taken as the launcher's (FindMPI's
# MPI_EXECUTABLE_SUFFIX), and a launcher of another family than the library is refused.

# Before find_package(MPI); FindMPI then also reports the library's version string
# (MPI_C_LIBRARY_VERSION_STRING), which names its family.
macro(parbench_mpi_before_find)
  set(MPI_DETERMINE_LIBRARY_VERSION TRUE)
  if(MPI_C_COMPILER AND NOT DEFINED MPI_EXECUTABLE_SUFFIX)
    get_filename_component(_pb_mpicc "${MPI_C_COMPILER}" NAME)
    if(_pb_mpicc MATCHES "^mpicc(\\.[A-Za-z0-9_]+)$")
      set(MPI_EXECUTABLE_SUFFIX "${CMAKE_MATCH_1}")
    endif()
  endif()
endmacro()

# _pb_mpi_family TEXT VAR: openmpi (Open MPI, its mpirun), hydra (MPICH and the MPIs built
# on it: Intel MPI, MVAPICH; their mpiexec is Hydra) or unknown.
function(_pb_mpi_family text var)
  if(text MATCHES "Open MPI|OpenRTE")
    set(${var} openmpi PARENT_SCOPE)
  elseif(text MATCHES "HYDRA|MPICH|Intel\\(R\\) MPI|MVAPICH")
    set(${var} hydra PARENT_SCOPE)
  else()
    set(${var} unknown PARENT_SCOPE)
  endif()
endfunction()

# After find_package(MPI): PARBENCH_MPI_LAUNCHER is openmpi or hydra (what the tests'
# launch flags follow).
function(parbench_mpi_check_launcher)
  if(NOT MPI_C_FOUND)
    return()
  endif()
  if(NOT MPIEXEC_EXECUTABLE)
    message(FATAL_ERROR "parbench: MPI found (${MPI_C_LIBRARY_VERSION_STRING}) but no launcher: "
                        "give -DMPIEXEC_EXECUTABLE=/path/to/mpiexec")
  endif()
  execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version OUTPUT_VARIABLE _out ERROR_VARIABLE _out
                  RESULT_VARIABLE _rc TIMEOUT 30)
  _pb_mpi_family("${_out}" _launcher)
  _pb_mpi_family("${MPI_C_LIBRARY_VERSION_STRING}" _library)
  string(REGEX REPLACE "[\n\r].*" "" _libname "${MPI_C_LIBRARY_VERSION_STRING}")
  string(REGEX REPLACE "[\t ]+" " " _libname "${_libname}")
  if(_launcher STREQUAL "unknown")
    message(FATAL_ERROR "parbench: cannot tell which MPI the launcher ${MPIEXEC_EXECUTABLE} belongs to "
                        "(its --version names neither Open MPI nor Hydra/MPICH)")
  endif()
  if(NOT _library STREQUAL "unknown" AND NOT _library STREQUAL _launcher)
    message(FATAL_ERROR "parbench: the launcher ${MPIEXEC_EXECUTABLE} is ${_launcher}'s but the MPI library is "
                        "'${_libname}': give the matching -DMPIEXEC_EXECUTABLE "
                        "(e.g. mpiexec.mpich for MPICH)")
  endif()
  # MPICH defines MPI_STATUSES_IGNORE as (MPI_Status *)1, which GCC 11-13 take for an
  # empty array passed to MPI_Waitall/MPI_Testall (a false -Wstringop-overflow that MPICH
  # will not change: pmodels/mpich#5687). Open MPI builds keep the warning.
  if(_library STREQUAL "hydra" AND CMAKE_C_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-stringop-overflow)
  endif()
  set(PARBENCH_MPI_LAUNCHER ${_launcher} PARENT_SCOPE)
endfunction()
