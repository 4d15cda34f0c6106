# Helpers shared by the layer folders, tests/ and bench/.

set(PGAS_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)

# pgas_add_layer(<name> [SOURCES ...] [PUBLIC_LIBS ...] [CONFIG_DEPENDENCIES "line" ...])
# Defines the library target pgas_<name> (alias pgas::<name>) with the headers of
# <layer>/include, installs it into the pgas CMake package and records the
# find_dependency() lines its users need.
function(pgas_add_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;PUBLIC_LIBS;CONFIG_DEPENDENCIES" ${ARGN})
  if(L_SOURCES)
    add_library(pgas_${name} STATIC ${L_SOURCES})
    target_compile_options(pgas_${name} PRIVATE ${PGAS_WARNINGS} $<$<BOOL:${PGAS_WERROR}>:-Werror>)
    set(scope PUBLIC)
  else()
    add_library(pgas_${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  add_library(pgas::${name} ALIAS pgas_${name})
  set_target_properties(pgas_${name} PROPERTIES EXPORT_NAME ${name})
  target_compile_features(pgas_${name} ${scope} cxx_std_17)
  target_include_directories(pgas_${name} ${scope}
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>)
  if(L_PUBLIC_LIBS)
    target_link_libraries(pgas_${name} ${scope} ${L_PUBLIC_LIBS})
  endif()
  install(TARGETS pgas_${name} EXPORT pgasTargets COMPONENT cpp
    ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
  install(DIRECTORY include/ DESTINATION include COMPONENT cpp)
  set_property(GLOBAL APPEND PROPERTY PGAS_LAYER_TARGETS pgas_${name})
  foreach(dep IN LISTS L_CONFIG_DEPENDENCIES)
    set_property(GLOBAL APPEND PROPERTY PGAS_CONFIG_DEPENDENCIES "${dep}")
  endforeach()
endfunction()

# pgas_add_mpi_test(<target> SOURCES ... LIBS ... [RANKS 1 2 3 4] [TIMEOUT s])
# A GoogleTest binary with the MPI-aware main (tests/support), registered with
# ctest once per rank count, with Open MPI's oversubscribe and run-as-root settings.
function(pgas_add_mpi_test target)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;RANKS" ${ARGN})
  if(NOT T_RANKS)
    set(T_RANKS 1 2 3 4)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  add_executable(${target} ${T_SOURCES})
  target_link_libraries(${target} PRIVATE pgas_test_main ${T_LIBS})
  target_compile_options(${target} PRIVATE ${PGAS_WARNINGS} $<$<BOOL:${PGAS_WERROR}>:-Werror>)
  foreach(n IN LISTS T_RANKS)
    add_test(NAME ${target}.np${n}
      COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${n} ${PGAS_MPIEXEC_FLAGS}
              $<TARGET_FILE:${target}>)
    set_tests_properties(${target}.np${n} PROPERTIES
      TIMEOUT ${T_TIMEOUT} PROCESSORS ${n}
      ENVIRONMENT "${PGAS_MPI_TEST_ENV}")
  endforeach()
endfunction()
