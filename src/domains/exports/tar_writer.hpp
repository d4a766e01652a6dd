// A POSIX ustar archive written by hand: the export's container format.
//
// Why tar and not ZIP: every operating system opens a tar (Windows 10+ ships
// tar.exe, macOS and Linux have it), a tar needs no compression library or
// CRC tables, and its format is a 512-byte header per file plus the bytes
// padded to 512, which fits in a page and is easy to check. The archive is
// not compressed: it is sealed (encrypted) as a whole right after, and most
// of its bytes are photos and PDFs that do not compress.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace imedic::exports {

struct TarEntry {
  std::string name;   // a relative path of at most 100 bytes, '/' separated
  std::string bytes;  // the file's content
};

// The archive of `entries` (regular files, mode 0600, owner 0, modification
// time `mtime`), ended by two zero blocks. kInvalidInput for a name that is
// empty, longer than 100 bytes, absolute, or holds ".." or a NUL.
core::Result<std::string> WriteTar(const std::vector<TarEntry>& entries, std::int64_t mtime);

// The entries of a ustar archive written by WriteTar (regular files only);
// kInvalidInput when a header's checksum or a size does not hold. For the
// tests and for tools that check an archive.
core::Result<std::vector<TarEntry>> ReadTar(std::string_view archive);

}  // namespace imedic::exports
