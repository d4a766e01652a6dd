#include "domains/files/blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <set>

#include "core/hash.hpp"
#include "core/random.hpp"

namespace imedic::files {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTempPrefix = ".tmp-";

// Creates `dir` with mode 0700 if missing; true when it exists afterwards.
// *created tells whether this call made it (its parent then needs an fsync).
bool EnsureDir(const std::string& dir, bool* created) {
  if (::mkdir(dir.c_str(), 0700) == 0) {
    *created = true;
    return true;
  }
  *created = false;
  return errno == EEXIST;
}

bool SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

bool WriteAll(int fd, std::string_view bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool BlobStore::IsStorageName(std::string_view name) {
  if (name.size() != 64) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string BlobStore::PathOf(std::string_view name) const {
  std::string path = root_;
  path += '/';
  path.append(name.substr(0, 2));
  path += '/';
  path.append(name);
  return path;
}

core::Result<std::string> BlobStore::Put(std::string_view sealed) const {
  const std::string name = core::Sha256Hex(sealed);
  const std::string shard = root_ + "/" + name.substr(0, 2);
  bool root_created = false;
  bool shard_created = false;
  std::error_code ec;
  if (!fs::exists(root_, ec)) {
    fs::create_directories(fs::path(root_).parent_path(), ec);
    if (!EnsureDir(root_, &root_created)) {
      return core::Fail(core::Error::Unavailable("file store: cannot create the files folder"));
    }
  }
  if (!EnsureDir(shard, &shard_created)) {
    return core::Fail(core::Error::Unavailable("file store: cannot create a shard folder"));
  }
  const std::string final_path = shard + "/" + name;
  const std::string tmp = shard + "/" + std::string(kTempPrefix) + core::RandomHex(8);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return core::Fail(core::Error::Unavailable("file store: cannot create a file"));
  bool ok = WriteAll(fd, sealed);
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    ::unlink(tmp.c_str());
    return core::Fail(core::Error::Unavailable("file store: cannot write a file"));
  }
  if (std::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return core::Fail(core::Error::Unavailable("file store: cannot publish a file"));
  }
  // The rename is durable once the folder is; new folders need their parents synced too.
  ok = SyncDir(shard);
  if (shard_created) ok = SyncDir(root_) && ok;
  if (root_created) ok = SyncDir(fs::path(root_).parent_path().string()) && ok;
  if (!ok) return core::Fail(core::Error::Unavailable("file store: cannot sync a folder"));
  return name;
}

core::Result<std::string> BlobStore::Get(std::string_view name) const {
  if (!IsStorageName(name)) {
    return core::Fail(core::Error::InvalidInput("not a storage name"));
  }
  const std::string path = PathOf(name);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return core::Fail(core::Error::NotFound("file store: no such file"));
    return core::Fail(core::Error::Unavailable("file store: cannot open a file"));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return core::Fail(core::Error::Unavailable("file store: cannot stat a file"));
  }
  std::string out(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got != out.size()) {
    return core::Fail(core::Error::Unavailable("file store: short read"));
  }
  return out;
}

void BlobStore::Remove(std::string_view name) const {
  if (!IsStorageName(name)) return;
  ::unlink(PathOf(name).c_str());
}

core::Result<int> BlobStore::SweepOrphans(std::chrono::seconds min_age,
                                          const ReferencedFn& referenced) const {
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return 0;
  const auto cutoff = fs::file_time_type::clock::now() - min_age;
  int removed = 0;
  std::vector<fs::path> candidates;  // old stored files of one shard
  std::vector<std::string> names;
  auto flush = [&]() -> core::Result<void> {
    if (names.empty()) return {};
    auto live = referenced(names);
    if (!live) return core::Fail(live.error());
    std::set<std::string> keep(live->begin(), live->end());
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (keep.contains(names[i])) continue;
      if (fs::remove(candidates[i], ec)) ++removed;
    }
    names.clear();
    candidates.clear();
    return {};
  };
  for (const auto& shard : fs::directory_iterator(root_, ec)) {
    if (!shard.is_directory(ec) || shard.path().filename().string().size() != 2) continue;
    for (const auto& entry : fs::directory_iterator(shard.path(), ec)) {
      if (!entry.is_regular_file(ec)) continue;
      auto mtime = entry.last_write_time(ec);
      if (ec || mtime > cutoff) continue;
      const std::string file = entry.path().filename().string();
      if (file.rfind(kTempPrefix, 0) == 0) {
        if (fs::remove(entry.path(), ec)) ++removed;
        continue;
      }
      if (!IsStorageName(file)) continue;
      candidates.push_back(entry.path());
      names.push_back(file);
      if (names.size() >= 500) {
        if (auto r = flush(); !r) return core::Fail(r.error());
      }
    }
  }
  if (auto r = flush(); !r) return core::Fail(r.error());
  return removed;
}

}  // namespace imedic::files
