// Explicit instantiation for the four ScaLAPACK element types. Internal header.
#pragma once

#include <complex>

#define PGAS_LINALG_INSTANTIATE(MACRO) \
  MACRO(float)                         \
  MACRO(double)                        \
  MACRO(std::complex<float>)           \
  MACRO(std::complex<double>)
