#include "pgas/comm/serialize.hpp"

#include "pgas/errors.hpp"

namespace pgas::comm::detail {

void throw_decode_failed(const char* type, std::size_t size, const char* why) {
  throw ValueError("cannot decode a message of " + std::to_string(size) + " bytes as " + type +
                   " (did sender and receiver use the same type?): " + why);
}

void throw_encode_failed(const char* type, const char* why) {
  throw ValueError(std::string("cannot serialize a ") + type + ": " + why);
}

}  // namespace pgas::comm::detail
