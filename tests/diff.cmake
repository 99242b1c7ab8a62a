# parbench diff (issue 19): the rank test and shift against published tables and
# generated samples (unit), the pairing and verdicts of rows (unit), and the command on
# real runs' CSVs: formats, exit codes, machines, schema-1 rows, bad input (shell).
parbench_add_unit_test(test_ranktest test_ranktest.c)
parbench_add_unit_test(test_diff test_diff.c)
parbench_add_shell_test(diff_cli ${CMAKE_CURRENT_SOURCE_DIR}/diff_cli.sh)
# "Say nothing false": inconclusive pairs (flags, cores, placement, other work), --strict,
# rows on one side only without any statistic (shell, on edited copies of one run).
parbench_add_shell_test(diff_trust ${CMAKE_CURRENT_SOURCE_DIR}/diff_trust.sh)
