# A cluster on paper (SimGrid SMPI): the test builds the simulation build itself (beside
# this one, in simgrid/) and skips (77) where libsimgrid-dev is not installed.
parbench_add_shell_test(simgrid ${CMAKE_CURRENT_SOURCE_DIR}/simgrid.sh)
set_tests_properties(simgrid PROPERTIES LABELS simgrid TIMEOUT 300 RUN_SERIAL TRUE)
