// Deterministic pseudo-random numbers for the seeder: xoshiro256** seeded
// through splitmix64. Clocks and std::random_device are deliberately absent,
// and so are the standard distributions (their output differs between
// standard libraries): the same seed must give the same data set anywhere.
// Not for anything security related.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "seed/uuid.hpp"

namespace imedic::seed {

// One step of splitmix64: advances `state` and returns a well-mixed word.
inline std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Prng {
 public:
  explicit Prng(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& word : state_) word = SplitMix64(sm);
  }

  // An independent generator for one (stream, index) pair. Each table and
  // each entity draws from its own sequence, so a change in how one table
  // is generated does not shift the values of every table after it, and a
  // writer can re-derive an entity's values without storing them.
  static Prng Stream(std::uint64_t seed, std::uint64_t stream, std::uint64_t index = 0) {
    std::uint64_t sm = seed;
    std::uint64_t mixed = SplitMix64(sm) ^ (stream * 0xd1b54a32d192ed03ULL);
    mixed = SplitMix64(mixed) ^ (index * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
    return Prng(SplitMix64(mixed));
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound); bound > 0. Rejection keeps it unbiased.
  std::uint64_t Below(std::uint64_t bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t r = Next();
      if (r >= threshold) return r % bound;
    }
  }

  // Uniform integer in [lo, hi], inclusive; lo <= hi.
  std::int64_t Range(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  int Int(int lo, int hi) { return static_cast<int>(Range(lo, hi)); }

  // Uniform in [0, 1) with 53 bits of precision.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Real(double lo, double hi) { return lo + (hi - lo) * Unit(); }

  bool Chance(double p) { return Unit() < p; }

  // Index drawn with probability proportional to weights[i] (all >= 0, sum > 0).
  std::size_t Weighted(std::span<const int> weights) {
    std::int64_t total = 0;
    for (int w : weights) total += w;
    std::int64_t r = Range(0, total - 1);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }
  std::size_t Weighted(std::initializer_list<int> weights) {
    return Weighted(std::span<const int>(weights.begin(), weights.size()));
  }

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }
  template <typename T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

  // A random (version 4, RFC 9562 variant) UUID.
  Uuid NewUuid() {
    Uuid u{Next(), Next()};
    u.hi = (u.hi & ~0xf000ULL) | 0x4000ULL;              // version 4
    u.lo = (u.lo & ~(0xc0ULL << 56)) | (0x80ULL << 56);  // variant 10xx
    return u;
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace imedic::seed
