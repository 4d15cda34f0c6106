// Objects to bytes and back with Boost.Serialization, for object messages (send/recv/bcast/
// gather of any serializable type).
//
// Binary archives: compact and fast, and the ranks of one job run the same binary on the same
// architecture, which is all a binary archive needs. The common standard containers are
// included here so that vectors, strings, maps, pairs and complex numbers travel without the
// caller knowing Boost; other types need their own boost/serialization include or a
// serialize() member.
#pragma once

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/complex.hpp>
#include <boost/serialization/map.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <exception>
#include <sstream>
#include <streambuf>
#include <string>
#include <typeinfo>

namespace pgas::comm {

namespace detail {

/// A read-only streambuf over bytes someone else owns, so decoding a received message does not
/// copy it first.
class ByteSource : public std::streambuf {
 public:
  ByteSource(const char* data, std::size_t size) {
    char* begin = const_cast<char*>(data);  // streambuf's API is non-const; we never write
    setg(begin, begin, begin + size);
  }
};

[[noreturn]] void throw_decode_failed(const char* type, std::size_t size, const char* why);
[[noreturn]] void throw_encode_failed(const char* type, const char* why);

}  // namespace detail

/// The bytes of `value` in a Boost binary archive. Local.
template <class T>
std::string to_bytes(const T& value) {
  std::stringbuf buffer(std::ios::out | std::ios::binary);
  try {
    boost::archive::binary_oarchive archive(buffer);
    archive << value;
  } catch (const std::exception& error) {
    detail::throw_encode_failed(typeid(T).name(), error.what());
  }
  return buffer.str();
}

/// Decodes bytes made by to_bytes<T> into `value`; throws ValueError when they are not a T.
/// Local.
template <class T>
void from_bytes(const char* data, std::size_t size, T& value) {
  detail::ByteSource source(data, size);
  try {
    boost::archive::binary_iarchive archive(source);
    archive >> value;
  } catch (const std::exception& error) {
    detail::throw_decode_failed(typeid(T).name(), size, error.what());
  }
}

/// Decodes bytes made by to_bytes<T>. Local.
template <class T>
T from_bytes(const std::string& bytes) {
  T value{};
  from_bytes(bytes.data(), bytes.size(), value);
  return value;
}

}  // namespace pgas::comm
