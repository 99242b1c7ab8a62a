# The scripts: topology, sweep, plots, machine comparison.
parbench_add_shell_test(scripts_sweep_plot ${CMAKE_CURRENT_SOURCE_DIR}/scripts_sweep_plot.sh)
parbench_add_shell_test(scripts_compare ${CMAKE_CURRENT_SOURCE_DIR}/scripts_compare.sh)
set_tests_properties(scripts_sweep_plot PROPERTIES LABELS "scripts;mpi" ENVIRONMENT_MODIFICATION
                     "PARBENCH_BUILD_DIR=set:${CMAKE_BINARY_DIR}")
set_tests_properties(scripts_compare PROPERTIES LABELS scripts ENVIRONMENT_MODIFICATION
                     "PARBENCH_BUILD_DIR=set:${CMAKE_BINARY_DIR}")
parbench_add_unit_test(test_analysis test_analysis.c)
# The classroom comparison's numbers and names (lab/lab.h), from fixed rows.
parbench_add_unit_test(test_lab test_lab.c)
# The benchmark scripts at tiny sizes (plumbing only; their figures are in the README).
parbench_add_shell_test(scripts_bench ${CMAKE_CURRENT_SOURCE_DIR}/scripts_bench.sh)
set_tests_properties(scripts_bench PROPERTIES LABELS "scripts;mpi;bench" ENVIRONMENT_MODIFICATION
                     "PARBENCH_BUILD_DIR=set:${CMAKE_BINARY_DIR}")
# Issue 12: hostile hand-ins (names, fields, links), job scripts that quote what they are
# given, sweeps that stop on Ctrl-C, one grammar for lists, and plots of whatever parbench
# writes.
foreach(_t scripts_hostile scripts_submit_quoting scripts_interrupt scripts_grammar scripts_plot_matrix)
  parbench_add_shell_test(${_t} ${CMAKE_CURRENT_SOURCE_DIR}/${_t}.sh)
  set_tests_properties(${_t} PROPERTIES LABELS scripts ENVIRONMENT_MODIFICATION
                       "PARBENCH_BUILD_DIR=set:${CMAKE_BINARY_DIR}")
endforeach()
set_tests_properties(scripts_plot_matrix PROPERTIES LABELS "scripts;mpi")
# (its subject is the text of generated job scripts: the sanitizer pass leaves it out)
set_tests_properties(scripts_submit_quoting PROPERTIES LABELS "scripts;jobs")
# Issue 15: the classroom lab: machine ids, hand-ins (handin.sh, archives read safely),
# three real runs under three identities.
parbench_add_shell_test(lab_handin ${CMAKE_CURRENT_SOURCE_DIR}/lab_handin.sh)
set_tests_properties(lab_handin PROPERTIES LABELS scripts ENVIRONMENT_MODIFICATION
                     "PARBENCH_BUILD_DIR=set:${CMAKE_BINARY_DIR}")
# The pages to project, rendered by headless chromium (scripts/setup.sh --browser); the
# screenshots and PDFs stay in build/artifacts/browser.
parbench_add_shell_test(browser_pages ${CMAKE_CURRENT_SOURCE_DIR}/browser_pages.sh)
set_tests_properties(browser_pages PROPERTIES LABELS "browser;scripts" ENVIRONMENT_MODIFICATION
                     "PARBENCH_BUILD_DIR=set:${CMAKE_BINARY_DIR};PARBENCH_ARTIFACTS=set:${CMAKE_BINARY_DIR}/artifacts/browser")
# Figures that show what they claim (constructed rows): Karp-Flatt outside [0, 1] left
# out with its reason, negative overlap kept negative.
parbench_add_shell_test(figures_truth ${CMAKE_CURRENT_SOURCE_DIR}/figures_truth.sh)
set_tests_properties(figures_truth PROPERTIES LABELS scripts)
# Issue 27: installed like HPC software: cmake --install into a prefix, run from another
# folder (suite, plots, man, completion, module); and the Debian package, installed,
# run from /usr and removed again (as root only).
parbench_add_shell_test(install_tree ${CMAKE_CURRENT_SOURCE_DIR}/install_tree.sh)
set_tests_properties(install_tree PROPERTIES LABELS "install;scripts" TIMEOUT 600)
parbench_add_shell_test(install_deb ${CMAKE_CURRENT_SOURCE_DIR}/install_deb.sh)
set_tests_properties(install_deb PROPERTIES LABELS "install;package" TIMEOUT 900 RUN_SERIAL TRUE)
# Issue 26: the layers of drivers/, enforced (cmake/check_layers.cmake).
parbench_add_shell_test(layers ${CMAKE_CURRENT_SOURCE_DIR}/layers.sh)
set_tests_properties(layers PROPERTIES LABELS "layers;unit")
