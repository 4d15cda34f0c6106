# Run with cmake -P: a save killed midway leaves the previous file readable and unchanged.
#   1. two ranks write file.h5;  2. two ranks save into it again and rank 1 aborts inside the
#   write;  3. one rank checks the file is byte-for-byte the first one and still loads.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(path ${WORK_DIR}/file.h5)

execute_process(COMMAND ${MPIEXEC} -n 2 --oversubscribe ${HELPER} write ${path} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "writing the first file failed: ${rc}")
endif()
file(SHA256 ${path} before)

set(ENV{PGAS_IO_TEST_ABORT_IN_SAVE} 1)
execute_process(COMMAND ${MPIEXEC} -n 2 --oversubscribe ${HELPER} overwrite ${path}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
unset(ENV{PGAS_IO_TEST_ABORT_IN_SAVE})
if(rc EQUAL 0)
  message(FATAL_ERROR "the save meant to abort succeeded:\n${out}${err}")
endif()
message("aborted save exited with ${rc} (expected)")

file(SHA256 ${path} after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "the target file changed although the save died midway")
endif()
file(GLOB temps ${WORK_DIR}/.file.h5.tmp-*)
list(LENGTH temps n)
message("temporary files left by the dead job: ${n} (expected 1: it died before the rename)")
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected the dead job's temporary file beside the target, found: ${temps}")
endif()

execute_process(COMMAND ${MPIEXEC} -n 1 --oversubscribe ${HELPER} check ${path}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc)
  message(FATAL_ERROR "the old file does not load as it was: ${rc}")
endif()

# The next save to the same target removes what the killed one left (its process is gone).
execute_process(COMMAND ${MPIEXEC} -n 2 --oversubscribe ${HELPER} overwrite ${path}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(rc)
  message(FATAL_ERROR "the save after the killed one failed: ${rc}\n${out}${err}")
endif()
file(GLOB temps ${WORK_DIR}/.file.h5.tmp-*)
list(LENGTH temps n)
if(NOT n EQUAL 0)
  message(FATAL_ERROR "the next save left the killed save's temporary file: ${temps}")
endif()
