# Matrix multiply: kernel unit tests, SUMMA under mpiexec, and the CLI end to end.
parbench_add_unit_test(test_matmul test_matmul.c)
parbench_add_unit_test(test_matmul_driver test_matmul_driver.c)
# The register tile is chosen by the build's ISA (gemm_internal.h): 14 x 16 with AVX-512,
# 6 x 8 with AVX/AVX2, 6 x 4 below. An x86 build tests the narrower shapes too, whatever
# this CPU has and whether the build is native or portable: the same tests on the blocked
# algorithm compiled for AVX2 + FMA without AVX-512 (skipped on a CPU without AVX2), and
# without AVX (their objects come first, so the archive's are never pulled in).
include(CheckCCompilerFlag)
check_c_compiler_flag(-mno-avx512f PARBENCH_CAN_DROP_AVX512)
foreach(_shape "avx;-mno-avx512f;-mavx2;-mfma" "sse;-mno-avx")
  list(POP_FRONT _shape _isa)
  set(_name test_matmul_tile_${_isa})
  if(PARBENCH_CAN_DROP_AVX512 AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|i.86")
    set(_dir ${CMAKE_SOURCE_DIR}/kernels/matmul)
    parbench_add_unit_test(${_name} test_matmul.c ${_dir}/pack.c ${_dir}/ukernel.c ${_dir}/gemm.c ${_dir}/omp.c ${_dir}/entry.c)
    # (per target: source properties are per folder)
    target_compile_options(${_name} PRIVATE ${_shape})
    target_compile_definitions(${_name} PRIVATE MM_TILE_TEST)
    target_link_libraries(${_name} PRIVATE OpenMP::OpenMP_C)
  else()
    parbench_add_skipped_test(${_name} "not an x86 build with GCC's -mno-avx512f: the ${_isa} tile is not built here" unit)
  endif()
endforeach()
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
