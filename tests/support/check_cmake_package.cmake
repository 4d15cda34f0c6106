# Run with cmake -P: installs the built pgas into a scratch prefix and builds
# examples/cpp against it with find_package(pgas), then runs the example on 2 ranks.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${PGAS_BINARY_DIR} --prefix ${WORK_DIR}/prefix
                        --component cpp
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "installing pgas failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${PGAS_SOURCE_DIR}/examples/cpp -B ${WORK_DIR}/build
                        -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring examples/cpp against the installed pgas failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building examples/cpp failed: ${rc}")
endif()
execute_process(COMMAND ${MPIEXEC} -n 2 --oversubscribe ${WORK_DIR}/build/map_owners
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc)
  message(FATAL_ERROR "examples/cpp/map_owners failed: ${rc}")
endif()
