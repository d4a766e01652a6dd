// Shared inputs of the micro-benchmarks.
#pragma once

#include "core/keyring.hpp"

namespace imedic::micro {

// A fixed master key (the integration tests' key; never a production key).
inline const core::Keyring& BenchKeyring() {
  static const core::Keyring ring = *core::Keyring::FromBase64(
      "bench1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  return ring;
}

inline constexpr const char* kPatientId = "3f2c8a9e-5b1d-4c7e-9a3f-2d8b6e1c4a70";

}  // namespace imedic::micro
