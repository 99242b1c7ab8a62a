# The teaching demos (issue 9): correctness always, and each demonstrated effect only
# where it cannot be flaky on a busy 2-core machine.
parbench_add_shell_test(demos ${CMAKE_CURRENT_SOURCE_DIR}/demos.sh)
set_tests_properties(demos PROPERTIES LABELS demos RUN_SERIAL TRUE)
