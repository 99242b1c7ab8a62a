# STREAM triad: kernel unit tests (every variant exact, the check finds one wrong element,
# the driver's verify and roofline counts), the MPI blocks and check under mpiexec on 1-4
# ranks, and the CLI end to end.
parbench_add_unit_test(test_stream test_stream.c)
if(MPI_C_FOUND)
  add_executable(test_stream_mpi test_stream_mpi.c)
  target_link_libraries(test_stream_mpi PRIVATE parbench_kernels)
endif()
# (outside the if: without MPI each is listed and reported skipped)
foreach(_np 1 2 3 4)
  parbench_add_mpi_test(test_stream_mpi_np${_np} NP ${_np} ARGS $<TARGET_FILE:test_stream_mpi>)
endforeach()
parbench_add_shell_test(stream_cli ${CMAKE_CURRENT_SOURCE_DIR}/stream_cli.sh)
set_tests_properties(stream_cli PROPERTIES LABELS mpi)
