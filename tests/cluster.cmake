# Cluster use: the job generator (no scheduler needed), a real single-node Slurm, and
# mpirun across three network-namespace hosts. The last two need root (they start
# daemons, create namespaces) and report SKIP (exit 77) where the machine forbids them.
# They run alone (RUN_SERIAL): they start many processes on few cores, and must not
# disturb the timing of other tests.
parbench_add_shell_test(cluster_jobs ${CMAKE_CURRENT_SOURCE_DIR}/cluster_jobs.sh)
set_tests_properties(cluster_jobs PROPERTIES LABELS "cluster;pbs" TIMEOUT 180)

parbench_add_shell_test(slurm_job ${CMAKE_CURRENT_SOURCE_DIR}/slurm_job.sh)
set_tests_properties(slurm_job PROPERTIES LABELS "slurm;cluster" SKIP_RETURN_CODE 77 TIMEOUT 240 RUN_SERIAL TRUE)

parbench_add_shell_test(multihost ${CMAKE_CURRENT_SOURCE_DIR}/multihost.sh)
set_tests_properties(multihost PROPERTIES LABELS "multihost;cluster" SKIP_RETURN_CODE 77 TIMEOUT 240 RUN_SERIAL TRUE)
parbench_add_shell_test(cluster_smt ${CMAKE_CURRENT_SOURCE_DIR}/cluster_smt.sh)
set_tests_properties(cluster_smt PROPERTIES LABELS "cluster;slurm" TIMEOUT 400)
