# Harness, parser and results writer (unit), the Monte Carlo kernel, the CLI.
parbench_add_unit_test(test_stats test_stats.c)
parbench_add_unit_test(test_parse test_parse.c)
parbench_add_unit_test(test_options test_options.c)
parbench_add_unit_test(test_results test_results.c)
parbench_add_unit_test(test_montecarlo test_montecarlo.c)
parbench_add_shell_test(cli_bad_input ${CMAKE_CURRENT_SOURCE_DIR}/cli_bad_input.sh)
parbench_add_shell_test(cli_basics ${CMAKE_CURRENT_SOURCE_DIR}/cli_basics.sh)
parbench_add_shell_test(help_text ${CMAKE_CURRENT_SOURCE_DIR}/help_text.sh)
parbench_add_shell_test(montecarlo_identical ${CMAKE_CURRENT_SOURCE_DIR}/montecarlo_identical.sh)
set_tests_properties(montecarlo_identical PROPERTIES LABELS mpi)
parbench_add_shell_test(cli_grammar ${CMAKE_CURRENT_SOURCE_DIR}/cli_grammar.sh)
parbench_add_unit_test(test_quality test_quality.c)
parbench_add_unit_test(test_timeline test_timeline.c)
parbench_add_unit_test(test_report test_report.c)
parbench_add_shell_test(trust_flags ${CMAKE_CURRENT_SOURCE_DIR}/trust_flags.sh)
parbench_add_shell_test(trace ${CMAKE_CURRENT_SOURCE_DIR}/trace.sh)
# They start Open MPI (mpirun, or a singleton MPI_Init) without being MPI tests: the
# sanitizer pass of scripts/test.sh runs them without leak checks, as it does the mpi
# tests (Open MPI's unloaded components leave leaks no suppression can name).
# Advice that fits the run: OpenMP, the launcher's binding, none for a demo's crowding.
parbench_add_shell_test(run_advice ${CMAKE_CURRENT_SOURCE_DIR}/run_advice.sh)
set_tests_properties(trust_flags trace run_advice PROPERTIES LABELS starts-mpi)
parbench_add_shell_test(cli_readonly_dir ${CMAKE_CURRENT_SOURCE_DIR}/cli_readonly_dir.sh)
parbench_add_shell_test(csv_by_name ${CMAKE_CURRENT_SOURCE_DIR}/csv_by_name.sh)
