# Prime sieve: kernel unit tests (all variants vs a plain sieve, known values and the
# Lucy-Hedgehog count), mpi/hybrid under mpiexec on 1-4 ranks, and the CLI end to end.
parbench_add_unit_test(test_sieve test_sieve.c)
if(MPI_C_FOUND)
  add_executable(test_sieve_mpi test_sieve_mpi.c)
  target_link_libraries(test_sieve_mpi PRIVATE parbench_kernels)
endif()
# (outside the if: without MPI each is listed and reported skipped)
foreach(_np 1 2 3 4)
  parbench_add_mpi_test(test_sieve_mpi_np${_np} NP ${_np} ARGS $<TARGET_FILE:test_sieve_mpi>)
endforeach()
parbench_add_shell_test(sieve_cli ${CMAKE_CURRENT_SOURCE_DIR}/sieve_cli.sh)
set_tests_properties(sieve_cli PROPERTIES LABELS mpi)
# scripts/bench_sieve.sh at tiny sizes, its plan for --big, its refusals (SKIP without primesieve).
parbench_add_shell_test(sieve_bench ${CMAKE_CURRENT_SOURCE_DIR}/sieve_bench.sh)
set_tests_properties(sieve_bench PROPERTIES LABELS "scripts;mpi;bench" SKIP_RETURN_CODE 77)
