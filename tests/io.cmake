# The I/O-simulation drivers (parbench io): latency (no MPI), overlap and checkpoint
# (MPI, as one rank and under mpirun with 2 and 3 ranks), and their bad input.
parbench_add_shell_test(io_latency ${CMAKE_CURRENT_SOURCE_DIR}/io_latency.sh)
# its one wall-clock bound (nonblocking 5x faster than blocking) is kept for a machine
# that runs nothing else of ours: alone (RUN_SERIAL, label timing), with the margin in io_latency.sh
set_tests_properties(io_latency PROPERTIES RUN_SERIAL TRUE LABELS timing)
# the wire protocol: zlib's CRC-32 to the bit, requests that carry their checksum
parbench_add_unit_test(test_proto test_proto.c)
parbench_add_shell_test(io_bad_input ${CMAKE_CURRENT_SOURCE_DIR}/io_bad_input.sh)
if(MPI_C_FOUND)
  parbench_add_shell_test(io_overlap ${CMAKE_CURRENT_SOURCE_DIR}/io_overlap.sh)
  parbench_add_shell_test(io_checkpoint ${CMAKE_CURRENT_SOURCE_DIR}/io_checkpoint.sh)
  set_tests_properties(io_overlap io_checkpoint PROPERTIES LABELS mpi)
else() # listed and reported skipped, not left out
  parbench_add_skipped_test(io_overlap "built without MPI: io overlap runs on MPI ranks" mpi)
  parbench_add_skipped_test(io_checkpoint "built without MPI: io checkpoint writes with MPI-IO" mpi)
endif()
# the uring modes (io_uring, liburing builds): verified replies and checkpoint contents
if(URING_FOUND)
  parbench_add_shell_test(io_uring ${CMAKE_CURRENT_SOURCE_DIR}/io_uring.sh)
  # (its checkpoint part starts Open MPI: the sanitizer pass runs it without leak checks)
  set_tests_properties(io_uring PROPERTIES LABELS "uring;starts-mpi")
else()
  parbench_add_skipped_test(io_uring "built without liburing: the uring modes are unavailable" uring)
endif()
# The hybrid server (issue 29): every request answered once, rightly, in each mode; its
# columns bounded by construction; its figure's data. No timing asserted.
parbench_add_shell_test(io_server ${CMAKE_CURRENT_SOURCE_DIR}/io_server.sh)
set_tests_properties(io_server PROPERTIES LABELS io)
# the device session of io latency, io server and the timeline demo: tally and device
parbench_add_unit_test(test_io_session test_io_session.c)
# the checkpoint driver's summary (shares hidden, marks on flagged rows) from constructed rows
parbench_add_unit_test(test_io_summary test_io_summary.c)
