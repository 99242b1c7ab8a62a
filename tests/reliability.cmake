# Reliability (issue 8): interrupted and concurrent runs, MPI failure paths, memcheck,
# a fuzzed argument parser, and builds without the optional libraries.
parbench_add_shell_test(reliability_interrupt ${CMAKE_CURRENT_SOURCE_DIR}/reliability_interrupt.sh)
parbench_add_shell_test(reliability_mpi_failures ${CMAKE_CURRENT_SOURCE_DIR}/reliability_mpi_failures.sh)
set_tests_properties(reliability_mpi_failures PROPERTIES LABELS mpi)
parbench_add_shell_test(valgrind_serial ${CMAKE_CURRENT_SOURCE_DIR}/valgrind_serial.sh)
set_tests_properties(valgrind_serial PROPERTIES LABELS valgrind)
parbench_add_shell_test(fuzz_args ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_args.sh)
set_tests_properties(fuzz_args PROPERTIES LABELS fuzz)
parbench_add_shell_test(build_without_options ${CMAKE_CURRENT_SOURCE_DIR}/build_without_options.sh)
set_tests_properties(build_without_options PROPERTIES LABELS build)
# Results schema 2, schema-1 files, migrate (issue 13).
parbench_add_shell_test(results_schema ${CMAKE_CURRENT_SOURCE_DIR}/results_schema.sh)
# FIFOs, links, overflowing numbers, full disks and unwritable stdout (issue 12).
parbench_add_shell_test(reliability_files ${CMAKE_CURRENT_SOURCE_DIR}/reliability_files.sh)
set_tests_properties(reliability_files PROPERTIES LABELS starts-mpi) # io checkpoint: a singleton MPI_Init
parbench_add_shell_test(mpi_agreement ${CMAKE_CURRENT_SOURCE_DIR}/mpi_agreement.sh)
set_tests_properties(mpi_agreement PROPERTIES LABELS mpi SKIP_RETURN_CODE 77)
# A third hostile pass (issue 25): limits, hostile hand-ins and environments.
parbench_add_shell_test(reliability_hostile3 ${CMAKE_CURRENT_SOURCE_DIR}/reliability_hostile3.sh)
# A fourth hostile pass (issue 25): byte order marks, OpenMP variables libgomp refuses, a
# /proc/stat that never ends, a platform SimGrid refuses.
parbench_add_shell_test(reliability_hostile4 ${CMAKE_CURRENT_SOURCE_DIR}/reliability_hostile4.sh)
# compare is linear in its machines (60,000 ids): timed, so alone and labelled timing.
parbench_add_shell_test(reliability_scale ${CMAKE_CURRENT_SOURCE_DIR}/reliability_scale.sh)
set_tests_properties(reliability_scale PROPERTIES LABELS timing RUN_SERIAL TRUE TIMEOUT 300)
set_property(TEST reliability_scale APPEND PROPERTY ENVIRONMENT "PARBENCH_SANITIZED=$<BOOL:${PARBENCH_SANITIZE}>")
