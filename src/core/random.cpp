#include "core/random.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "core/hash.hpp"

namespace imedic::core {

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string RandomHex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return ToHex(std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()));
}

}  // namespace imedic::core
