# The machine's own limits (parbench peak): the kernels' exact verification, and the
# command end to end (its rows, the roofs they give a following run, machine.json).
parbench_add_unit_test(test_peak test_peak.c)
set_tests_properties(test_peak PROPERTIES LABELS "unit;peak")
parbench_add_shell_test(peak_cli ${CMAKE_CURRENT_SOURCE_DIR}/peak_cli.sh)
set_tests_properties(peak_cli PROPERTIES LABELS "unit;peak")
# A busy machine made on purpose (a loop pinned to CPU 0): the quiet gate, attempts, the
# verdict, peak's memory share. Serial: its loop would take a core from a test beside it.
parbench_add_shell_test(busy_machine ${CMAKE_CURRENT_SOURCE_DIR}/busy_machine.sh)
set_tests_properties(busy_machine PROPERTIES LABELS "unit;peak" RUN_SERIAL TRUE)
