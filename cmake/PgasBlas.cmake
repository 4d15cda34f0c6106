# The BLAS, LAPACK and ScaLAPACK pgas links (docs/dependencies.md says why OpenBLAS is the default and MKL opt-in).
#
#   -DPGAS_BLAS=mkl        Intel oneMKL (PyPI's mkl wheel, or $MKLROOT): BLAS, LAPACK and its own
#                          ScaLAPACK with BLACS for Open MPI; kernels chosen at run time from the
#                          CPU's features. -DPGAS_MKL_DIR=<dir with libmkl_core.so*>; by default
#                          $MKLROOT/lib, then the lib/ of the Python that CMake finds (its
#                          prefix, base prefix or user base: where `pip install mkl` puts it).
#   -DPGAS_BLAS=openblas   Debian's OpenBLAS (libopenblas-dev), BLAS and LAPACK in one library.
#   -DPGAS_BLAS=blis       Debian's BLIS (libblis4-pthread) under reference LAPACK (liblapack3).
#   -DPGAS_BLAS=custom     the site's own: -DPGAS_BLAS_LIBRARIES=... -DPGAS_LAPACK_LIBRARIES=...
#
#   -DPGAS_SCALAPACK_LIBRARIES=...  the site's ScaLAPACK (and BLACS), for any choice above;
#                                   default: MKL's with mkl, Debian's scalapack-openmpi otherwise.
#   -DPGAS_BLAS_RUNPATH=dir;dir     extra run-time search directories (see below).
#
# Defines the interface target pgas_blas (pgas::blas): link it and every BLAS, LAPACK and
# ScaLAPACK call of the program goes to the chosen libraries.
#
# Why the run path and the order: Debian's libscalapack-openmpi and liblapack3 ask for
# libblas.so.3 and liblapack.so.3 by soname, which the system's "alternatives" point at whatever
# BLAS was installed with the highest priority. The chosen BLAS library is linked first so that
# the dynamic linker binds dgemm_ & co. of ScaLAPACK and LAPACK to it, and the library's own
# directory is put on the run path of every program linking pgas, so that the sonames resolve
# to the chosen libraries as well and no second BLAS is loaded. tests/python/test_blas.py
# checks the bindings with LD_DEBUG.

set(PGAS_BLAS "openblas" CACHE STRING "BLAS/LAPACK to link: mkl, openblas, blis or custom")
set_property(CACHE PGAS_BLAS PROPERTY STRINGS mkl openblas blis custom)
set(PGAS_BLAS_LIBRARIES "" CACHE STRING "PGAS_BLAS=custom: the BLAS libraries (full paths)")
set(PGAS_LAPACK_LIBRARIES "" CACHE STRING "PGAS_BLAS=custom: the LAPACK libraries (full paths)")
set(PGAS_SCALAPACK_LIBRARIES "" CACHE STRING
  "ScaLAPACK and BLACS libraries (full paths); empty: Debian's scalapack-openmpi, or MKL's")
set(PGAS_BLAS_RUNPATH "" CACHE STRING "Extra run-time library directories for the BLAS")
if(CMAKE_LIBRARY_ARCHITECTURE)
  set(_pgas_libdir /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})
else()
  set(_pgas_libdir /usr/lib/x86_64-linux-gnu)
endif()
set(PGAS_BLIS_DIR "${_pgas_libdir}/blis-pthread" CACHE PATH "PGAS_BLAS=blis: directory of libblis.so.4")
set(PGAS_LAPACK_DIR "${_pgas_libdir}/lapack" CACHE PATH
  "PGAS_BLAS=blis: directory of the reference liblapack.so.3")
set(PGAS_MKL_DIR "" CACHE PATH "PGAS_BLAS=mkl: directory of libmkl_core (default: $MKLROOT/lib, then Python's prefix/lib)")

# pgas_blas_find(<var> <what> <dir> <file name>...): the first of the names in dir, or a clear error.
function(pgas_blas_find var what dir)
  set(found "")
  foreach(name IN LISTS ARGN)
    if(EXISTS "${dir}/${name}")
      set(found "${dir}/${name}")
      break()
    endif()
  endforeach()
  if(NOT found)
    string(JOIN ", " names ${ARGN})
    message(FATAL_ERROR "PGAS_BLAS=${PGAS_BLAS}: ${what} not found in ${dir} (looked for ${names}). "
      "Install it (scripts/setup.sh) or choose another -DPGAS_BLAS (docs/dependencies.md).")
  endif()
  set(${var} "${found}" PARENT_SCOPE)
endfunction()

set(_pgas_blas_libs "")
set(_pgas_lapack_libs "")
set(_pgas_runpath "")
set(_pgas_scalapack_default ON)
if(PGAS_BLAS STREQUAL "blis")
  pgas_blas_find(_blis "BLIS (libblis4-pthread)" "${PGAS_BLIS_DIR}" libblis.so.4 libblis.so)
  # BLIS's copy under the BLAS soname takes the name libblas.so.3 in the process, so the
  # system's default BLAS is never loaded beside it (see the top of this file).
  pgas_blas_find(_blis_as_blas "BLIS's libblas.so.3" "${PGAS_BLIS_DIR}" libblas.so.3)
  pgas_blas_find(_lapack "reference LAPACK (liblapack3)" "${PGAS_LAPACK_DIR}" liblapack.so.3)
  set(_pgas_blas_libs ${_blis} ${_blis_as_blas})
  set(_pgas_lapack_libs ${_lapack})
  set(_pgas_runpath ${PGAS_BLIS_DIR} ${PGAS_LAPACK_DIR})
elseif(PGAS_BLAS STREQUAL "openblas")
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(PGAS_OPENBLAS REQUIRED openblas)
  find_library(_pgas_openblas NAMES openblas HINTS ${PGAS_OPENBLAS_LIBRARY_DIRS} REQUIRED)
  get_filename_component(_openblas_dir "${_pgas_openblas}" DIRECTORY)
  set(_pgas_blas_libs ${_pgas_openblas})
  set(_pgas_runpath ${_openblas_dir})
elseif(PGAS_BLAS STREQUAL "mkl")
  set(_mkl_dir "${PGAS_MKL_DIR}")
  if(NOT _mkl_dir AND DEFINED ENV{MKLROOT})
    set(_mkl_dir "$ENV{MKLROOT}/lib")
  endif()
  if(NOT _mkl_dir)
    find_package(Python 3.9 REQUIRED COMPONENTS Interpreter)
    execute_process(COMMAND ${Python_EXECUTABLE} -c
      "import site, sys, sysconfig; print(';'.join(p + '/lib' for p in (sysconfig.get_path('data'), sys.prefix, sys.base_prefix, site.USER_BASE)))"
      OUTPUT_VARIABLE _mkl_candidates OUTPUT_STRIP_TRAILING_WHITESPACE)
    foreach(dir IN LISTS _mkl_candidates)
      if(EXISTS "${dir}/libmkl_core.so.3" OR EXISTS "${dir}/libmkl_core.so.2"
         OR EXISTS "${dir}/libmkl_core.so")
        set(_mkl_dir "${dir}")
        break()
      endif()
    endforeach()
    if(NOT _mkl_dir)
      message(FATAL_ERROR "PGAS_BLAS=mkl: oneMKL not found in $MKLROOT or beside ${Python_EXECUTABLE} "
        "(${_mkl_candidates}). Install it with `${Python_EXECUTABLE} -m pip install mkl` "
        "(scripts/setup.sh does), pass -DPGAS_MKL_DIR=<dir>, or choose another -DPGAS_BLAS "
        "(docs/dependencies.md).")
    endif()
  endif()
  foreach(part scalapack_lp64 intel_lp64 sequential core blacs_openmpi_lp64)
    pgas_blas_find(_mkl_${part} "MKL's mkl_${part}" "${_mkl_dir}"
      libmkl_${part}.so libmkl_${part}.so.3 libmkl_${part}.so.2)
  endforeach()
  set(_pgas_blas_libs ${_mkl_intel_lp64} ${_mkl_sequential} ${_mkl_core})
  if(NOT PGAS_SCALAPACK_LIBRARIES)
    set(_pgas_scalapack_default OFF)
    set(_pgas_scalapack ${_mkl_scalapack_lp64} ${_mkl_blacs_openmpi_lp64})
  endif()
  set(_pgas_runpath ${_mkl_dir})
elseif(PGAS_BLAS STREQUAL "custom")
  if(NOT PGAS_BLAS_LIBRARIES)
    message(FATAL_ERROR "PGAS_BLAS=custom needs -DPGAS_BLAS_LIBRARIES=<full paths> "
      "(and -DPGAS_LAPACK_LIBRARIES unless the BLAS library contains LAPACK)")
  endif()
  set(_pgas_blas_libs ${PGAS_BLAS_LIBRARIES})
  set(_pgas_lapack_libs ${PGAS_LAPACK_LIBRARIES})
  foreach(lib IN LISTS PGAS_BLAS_LIBRARIES PGAS_LAPACK_LIBRARIES)
    if(IS_ABSOLUTE "${lib}")
      get_filename_component(_dir "${lib}" DIRECTORY)
      list(APPEND _pgas_runpath ${_dir})
    endif()
  endforeach()
else()
  message(FATAL_ERROR "PGAS_BLAS=${PGAS_BLAS}: expected blis, openblas, mkl or custom")
endif()

if(PGAS_SCALAPACK_LIBRARIES)
  set(_pgas_scalapack ${PGAS_SCALAPACK_LIBRARIES})
elseif(_pgas_scalapack_default)
  find_library(PGAS_SCALAPACK_LIBRARY NAMES scalapack-openmpi scalapack)
  if(NOT PGAS_SCALAPACK_LIBRARY)
    message(FATAL_ERROR "ScaLAPACK not found: install libscalapack-openmpi-dev (scripts/setup.sh) "
      "or pass -DPGAS_SCALAPACK_LIBRARIES=<full paths>")
  endif()
  set(_pgas_scalapack ${PGAS_SCALAPACK_LIBRARY})
endif()
list(APPEND _pgas_runpath ${PGAS_BLAS_RUNPATH})
list(REMOVE_DUPLICATES _pgas_runpath)

add_library(pgas_blas INTERFACE)
add_library(pgas::blas ALIAS pgas_blas)
set_target_properties(pgas_blas PROPERTIES EXPORT_NAME blas)
# The BLAS first: the dynamic linker binds each symbol to the first library that defines it.
# --no-as-needed: the toolchain may default to --as-needed, which would drop BLIS's
# libblas.so.3 (nothing in pgas calls it by that name) and let the system's BLAS take the soname.
target_link_libraries(pgas_blas INTERFACE "-Wl,--push-state,--no-as-needed"
  ${_pgas_blas_libs} ${_pgas_lapack_libs} ${_pgas_scalapack} "-Wl,--pop-state")
foreach(dir IN LISTS _pgas_runpath)
  target_link_options(pgas_blas INTERFACE "LINKER:-rpath,${dir}")
endforeach()
install(TARGETS pgas_blas EXPORT pgasTargets COMPONENT cpp)
string(JOIN " " _pgas_blas_summary ${_pgas_blas_libs} ${_pgas_lapack_libs} ${_pgas_scalapack})
message(STATUS "pgas BLAS: PGAS_BLAS=${PGAS_BLAS}: ${_pgas_blas_summary}")
