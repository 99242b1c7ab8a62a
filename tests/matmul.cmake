# Matrix multiply: kernel unit tests, SUMMA under mpiexec, and the CLI end to end.
parbench_add_unit_test(test_matmul test_matmul.c)
parbench_add_unit_test(test_matmul_driver test_matmul_driver.c)
if(MPI_C_FOUND)
  # A plain MPI program (no cmocka): exit status 0 on every rank when all checks pass.
  add_executable(test_matmul_mpi test_matmul_mpi.c)
  target_link_libraries(test_matmul_mpi PRIVATE parbench_kernels)
endif()
# (outside the if: without MPI each is listed and reported skipped)
foreach(_np 1 2 3 4 6)  # 2, 3: one grid column (A stays put); 4: 2x2; 6: 3x2
  parbench_add_mpi_test(test_matmul_mpi_np${_np} NP ${_np} ARGS $<TARGET_FILE:test_matmul_mpi>)
endforeach()
parbench_add_shell_test(matmul_cli ${CMAKE_CURRENT_SOURCE_DIR}/matmul_cli.sh)
set_tests_properties(matmul_cli PROPERTIES LABELS mpi)
