# What the binary must know of its install (included before the generated header): the
# commit it is built from and where its helper scripts sit relative to bin/.
include(GNUInstallDirs)

# The commit the binary is built from, named by --version (configure time; a new commit
# re-runs the configuration through the dependency on git's HEAD and index).
find_package(Git QUIET)
set(PARBENCH_COMMIT unknown)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE _pb_commit
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _pb_git_rc)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --absolute-git-dir
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE _pb_git_dir
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_pb_git_rc EQUAL 0 AND _pb_commit)
    set(PARBENCH_COMMIT ${_pb_commit})
    foreach(_f HEAD index)
      if(EXISTS ${_pb_git_dir}/${_f})
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_pb_git_dir}/${_f})
      endif()
    endforeach()
  endif()
endif()

set(PARBENCH_HELPERS_DIR ${CMAKE_INSTALL_LIBEXECDIR}/parbench)
set(PARBENCH_DATA_DIR ${CMAKE_INSTALL_DATADIR}/parbench)
set(PARBENCH_MODULEFILES_DIR ${CMAKE_INSTALL_DATADIR}/modulefiles CACHE STRING
    "Where the Lmod module file goes (the .deb puts it on Debian's lmod MODULEPATH)")
# Paths between the installed folders, so that a moved tree keeps working.
file(RELATIVE_PATH PARBENCH_HELPERS_FROM_BIN /p/${CMAKE_INSTALL_BINDIR} /p/${PARBENCH_HELPERS_DIR})
file(RELATIVE_PATH _pb_data_from_helpers /p/${PARBENCH_HELPERS_DIR} /p/${PARBENCH_DATA_DIR})
file(RELATIVE_PATH _pb_bin_from_helpers /p/${PARBENCH_HELPERS_DIR} /p/${CMAKE_INSTALL_BINDIR})
