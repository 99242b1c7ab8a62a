# The teaching demos (issue 9): correctness and what no load can change in `demos` (any
# load: it runs beside other tests); their wall-clock effects in `demos_timing`, labelled
# timing: it runs alone (RUN_SERIAL), and skips itself in a sanitizer build.
parbench_add_shell_test(demos ${CMAKE_CURRENT_SOURCE_DIR}/demos.sh)
set_tests_properties(demos PROPERTIES LABELS demos)
parbench_add_shell_test(demos_timing ${CMAKE_CURRENT_SOURCE_DIR}/demos_timing.sh)
set_tests_properties(demos_timing PROPERTIES LABELS "demos;timing" RUN_SERIAL TRUE)
# under the sanitizers compute slows several times and waits do not: the scales the
# bounds assume do not hold there, so demos_timing reports itself skipped
set_property(TEST demos_timing APPEND PROPERTY ENVIRONMENT "PARBENCH_SANITIZED=$<BOOL:${PARBENCH_SANITIZE}>")
# Lessons only where the run's own numbers support them (one core under taskset: never
# the parallel lessons), with their conditions in --help; flagged bars hatched.
parbench_add_shell_test(demo_lessons ${CMAKE_CURRENT_SOURCE_DIR}/demo_lessons.sh)
set_tests_properties(demo_lessons PROPERTIES LABELS demos)
# The deadlock demo without MPI (issue 29): caught by its watchdog every time, cured by one
# lock order, its trace naming who held and who waited.
parbench_add_shell_test(demo_deadlock ${CMAKE_CURRENT_SOURCE_DIR}/demo_deadlock.sh)
set_tests_properties(demo_deadlock PROPERTIES LABELS demos)
# Its MPI form: the watchdog outside the job, no process left, the three cures verified.
parbench_add_shell_test(demo_deadlock_mpi ${CMAKE_CURRENT_SOURCE_DIR}/demo_deadlock_mpi.sh)
set_tests_properties(demo_deadlock_mpi PROPERTIES LABELS mpi)
# The lesson page (issue 29): exact sentences from fixed rows, a flagged row not shown;
# and in headless chromium (skipped without it): offline, within 1280 px, printable.
parbench_add_shell_test(lesson ${CMAKE_CURRENT_SOURCE_DIR}/lesson.sh)
set_tests_properties(lesson PROPERTIES LABELS demos)
parbench_add_shell_test(browser_lesson ${CMAKE_CURRENT_SOURCE_DIR}/browser_lesson.sh)
set_tests_properties(browser_lesson PROPERTIES LABELS "browser;scripts" ENVIRONMENT_MODIFICATION
                     "PARBENCH_BUILD_DIR=set:${CMAKE_BINARY_DIR};PARBENCH_ARTIFACTS=set:${CMAKE_BINARY_DIR}/artifacts/browser")
