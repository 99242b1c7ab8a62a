# The teaching demos (issue 9): correctness always, and each demonstrated effect only
# where it cannot be flaky on a busy 2-core machine.
parbench_add_shell_test(demos ${CMAKE_CURRENT_SOURCE_DIR}/demos.sh)
set_tests_properties(demos PROPERTIES LABELS demos RUN_SERIAL TRUE)
# Lessons only where the run's own numbers support them (one core under taskset: never
# the parallel lessons), with their conditions in --help; flagged bars hatched.
parbench_add_shell_test(demo_lessons ${CMAKE_CURRENT_SOURCE_DIR}/demo_lessons.sh)
set_tests_properties(demo_lessons PROPERTIES LABELS demos)
