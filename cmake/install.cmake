# Installed like HPC software: `cmake --install build --prefix PREFIX` (or the .deb that
# CPack makes, scripts/package.sh) gives
#   bin/parbench                                the one front door
#   libexec/parbench/                           the scripts it runs (suite, plot, handin, ...)
#   share/parbench/                             gnuplot files, job templates, SimGrid platforms
#   share/man/man1/parbench.1                   from parbench's own --help texts
#   share/bash-completion/completions/parbench  from the same texts
#   share/modulefiles/parbench/VERSION.lua      an Lmod module: PATH and MANPATH
# An installed parbench writes results under the current folder, never into PREFIX.
include(GNUInstallDirs)

if(NOT MPIEXEC_EXECUTABLE)
  set(MPIEXEC_EXECUTABLE "")
endif()
file(WRITE ${CMAKE_BINARY_DIR}/install/installed.sh
"# Written by CMake for an installed parbench (sourced by locate.sh): where its other folders are.
pb_data=$(cd \"$pb_scripts/${_pb_data_from_helpers}\" && pwd)
pb_build=$(cd \"$pb_scripts/${_pb_bin_from_helpers}\" && pwd)
pb_mpiexec=${MPIEXEC_EXECUTABLE}
")

install(TARGETS parbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
set(_pb_helpers suite.sh sweep.sh plot.sh topology.sh handin.sh compare.sh submit.sh simulate.sh
    platform_here.sh locate.sh args.sh steps.sh figures.sh mpi_launcher.sh facts.sh
    csv_by_name.py platform_info.py trace_gantt.py)
list(TRANSFORM _pb_helpers PREPEND ${CMAKE_SOURCE_DIR}/scripts/)
install(PROGRAMS ${_pb_helpers} DESTINATION ${PARBENCH_HELPERS_DIR})
install(FILES ${CMAKE_BINARY_DIR}/install/installed.sh DESTINATION ${PARBENCH_HELPERS_DIR})
file(GLOB _pb_gnuplot ${CMAKE_SOURCE_DIR}/scripts/*.gnuplot)
install(FILES ${_pb_gnuplot} ${CMAKE_SOURCE_DIR}/scripts/pingpong.c DESTINATION ${PARBENCH_DATA_DIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scripts/jobs DESTINATION ${PARBENCH_DATA_DIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scripts/platforms DESTINATION ${PARBENCH_DATA_DIR}
        FILES_MATCHING PATTERN "*.xml" PATTERN "this-machine.xml" EXCLUDE)

# The man page and the completion, written by parbench's own help once it is built.
set(_pb_man ${CMAKE_BINARY_DIR}/install/parbench.1)
set(_pb_completion ${CMAKE_BINARY_DIR}/install/parbench.bash)
add_custom_command(OUTPUT ${_pb_man} ${_pb_completion}
  COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/manpage.sh $<TARGET_FILE:parbench> > ${_pb_man}.tmp
  COMMAND ${CMAKE_COMMAND} -E rename ${_pb_man}.tmp ${_pb_man}
  COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/completion.sh $<TARGET_FILE:parbench> > ${_pb_completion}.tmp
  COMMAND ${CMAKE_COMMAND} -E rename ${_pb_completion}.tmp ${_pb_completion}
  DEPENDS parbench ${CMAKE_SOURCE_DIR}/scripts/manpage.sh ${CMAKE_SOURCE_DIR}/scripts/completion.sh
  COMMENT "parbench.1 and the bash completion, from parbench --help")
add_custom_target(parbench_docs ALL DEPENDS ${_pb_man} ${_pb_completion})
install(FILES ${_pb_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${_pb_completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME parbench)

# The module file names the prefix the tree is installed at: written at install time
# (`cmake --install --prefix P` and CPack's staging both set CMAKE_INSTALL_PREFIX then).
install(CODE "
  set(_prefix \"\${CMAKE_INSTALL_PREFIX}\")
  set(_file \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${PARBENCH_MODULEFILES_DIR}/parbench/${PROJECT_VERSION}.lua\")
  if(IS_ABSOLUTE \"${PARBENCH_MODULEFILES_DIR}\")
    set(_file \"\$ENV{DESTDIR}${PARBENCH_MODULEFILES_DIR}/parbench/${PROJECT_VERSION}.lua\")
  endif()
  file(WRITE \"\${_file}\" \"-- parbench ${PROJECT_VERSION} (commit ${PARBENCH_COMMIT}): written by cmake --install
help([[parbench: concurrency and parallelism, run, measured and verified.
Run `parbench --help`, `man parbench`; `parbench suite` writes results/ and plots/ under the current folder.]])
whatis('Name: parbench')
whatis('Version: ${PROJECT_VERSION}')
whatis('Description: benchmark suite: compute kernels serial/OpenMP/MPI/hybrid and I/O-simulation drivers')
prepend_path('PATH', '\${_prefix}/${CMAKE_INSTALL_BINDIR}')
prepend_path('MANPATH', '\${_prefix}/${CMAKE_INSTALL_MANDIR}')
\")
  message(STATUS \"Installing: \${_file}\")
")

# The Debian package (scripts/package.sh): what the binary links (dpkg-shlibdeps) and the
# programs its scripts run.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parbench)
set(CPACK_PACKAGE_CONTACT "parbench developers <parbench@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "concurrency and parallelism, run, measured and verified")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(_pb_deb_depends "bash, python3, gnuplot-nox | gnuplot, hwloc")
if(PARBENCH_MPI_LAUNCHER STREQUAL "hydra")
  string(APPEND _pb_deb_depends ", mpich")
elseif(MPI_C_FOUND)
  string(APPEND _pb_deb_depends ", openmpi-bin")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS ${_pb_deb_depends})
# OpenBLAS is loaded when a blas variant first runs; Lmod makes `module load parbench` work
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0, lmod, bash-completion, man-db")
include(CPack)
