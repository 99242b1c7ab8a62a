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
