#include "domains/exports/tar_writer.hpp"

#include <array>
#include <cstdio>
#include <cstring>

namespace imedic::exports {

namespace {

constexpr std::size_t kBlock = 512;

// `value` as `width - 1` octal digits and a NUL, written at `field`.
void Octal(char* field, std::size_t width, std::uint64_t value) {
  std::string digits(width - 1, '0');
  for (std::size_t i = digits.size(); i-- > 0 && value != 0; value >>= 3) {
    digits[i] = static_cast<char>('0' + (value & 7U));
  }
  std::memcpy(field, digits.data(), digits.size());
  field[width - 1] = '\0';
}

unsigned Checksum(const std::array<char, kBlock>& header) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    // The checksum field counts as eight spaces.
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum;
}

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '/') return false;
  if (name.find('\0') != std::string_view::npos) return false;
  return name != ".." && !name.starts_with("../") && name.find("/../") == std::string_view::npos &&
         !name.ends_with("/..");
}

}  // namespace

core::Result<std::string> WriteTar(const std::vector<TarEntry>& entries, std::int64_t mtime) {
  std::size_t total = 2 * kBlock;
  for (const TarEntry& e : entries)
    total += kBlock + (e.bytes.size() + kBlock - 1) / kBlock * kBlock;
  std::string out;
  out.reserve(total);
  for (const TarEntry& e : entries) {
    if (!ValidName(e.name)) {
      return core::Fail(core::Error::InvalidInput("tar: bad entry name"));
    }
    std::array<char, kBlock> h{};
    std::memcpy(h.data(), e.name.data(), e.name.size());
    Octal(h.data() + 100, 8, 0600);
    Octal(h.data() + 108, 8, 0);
    Octal(h.data() + 116, 8, 0);
    Octal(h.data() + 124, 12, e.bytes.size());
    Octal(h.data() + 136, 12, static_cast<std::uint64_t>(mtime < 0 ? 0 : mtime));
    h[156] = '0';
    std::memcpy(h.data() + 257, "ustar", 6);  // with its NUL
    std::memcpy(h.data() + 263, "00", 2);
    // Six octal digits, a NUL and a space, as POSIX writes it.
    Octal(h.data() + 148, 7, Checksum(h));
    h[155] = ' ';
    out.append(h.data(), h.size());
    out.append(e.bytes);
    out.append((kBlock - e.bytes.size() % kBlock) % kBlock, '\0');
  }
  out.append(2 * kBlock, '\0');
  return out;
}

core::Result<std::vector<TarEntry>> ReadTar(std::string_view archive) {
  std::vector<TarEntry> out;
  auto bad = [](const char* why) { return core::Fail(core::Error::InvalidInput(why)); };
  std::size_t at = 0;
  while (true) {
    if (at + kBlock > archive.size()) return bad("tar: truncated");
    std::array<char, kBlock> h{};
    std::memcpy(h.data(), archive.data() + at, kBlock);
    if (h[0] == '\0') break;  // the end-of-archive blocks
    unsigned stored = 0;
    if (std::sscanf(std::string(h.data() + 148, 7).c_str(), "%o", &stored) != 1 ||
        stored != Checksum(h)) {
      return bad("tar: bad header checksum");
    }
    unsigned long long size = 0;
    if (std::sscanf(std::string(h.data() + 124, 11).c_str(), "%llo", &size) != 1) {
      return bad("tar: bad size");
    }
    at += kBlock;
    if (size > archive.size() - at) return bad("tar: truncated entry");
    TarEntry e;
    e.name.assign(h.data(), strnlen(h.data(), 100));
    e.bytes.assign(archive.substr(at, size));
    out.push_back(std::move(e));
    at += (size + kBlock - 1) / kBlock * kBlock;
  }
  return out;
}

}  // namespace imedic::exports
