// How pgas spells lists of numbers in messages and pictures, in one place.
#pragma once

#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace pgas {

/// The values between `open` and `close`, separated by `separator`: join({2, 3}) is "[2,3]",
/// join(shape, "(", ", ", ")") is "(2, 3)". Local.
template <typename T>
std::string join(const std::vector<T>& values, const char* open = "[", const char* separator = ",",
                 const char* close = "]") {
  std::ostringstream out;
  out << open;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? separator : "") << values[i];
  out << close;
  return out.str();
}

/// A shape as NumPy prints it: "(2, 3)", "(4,)", "()". Local.
template <typename T>
std::string shape_string(const std::vector<T>& shape) {
  return join(shape, "(", ", ", shape.size() == 1 ? ",)" : ")");
}

}  // namespace pgas
