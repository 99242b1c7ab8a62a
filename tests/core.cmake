# Harness, parser and results writer (unit), the Monte Carlo kernel, the CLI.
parbench_add_unit_test(test_stats test_stats.c)
parbench_add_unit_test(test_parse test_parse.c)
parbench_add_unit_test(test_results test_results.c)
parbench_add_unit_test(test_montecarlo test_montecarlo.c)
parbench_add_shell_test(cli_bad_input ${CMAKE_CURRENT_SOURCE_DIR}/cli_bad_input.sh)
parbench_add_shell_test(cli_basics ${CMAKE_CURRENT_SOURCE_DIR}/cli_basics.sh)
parbench_add_shell_test(montecarlo_identical ${CMAKE_CURRENT_SOURCE_DIR}/montecarlo_identical.sh)
set_tests_properties(montecarlo_identical PROPERTIES LABELS mpi)
