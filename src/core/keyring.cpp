#include "core/keyring.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>

#include "core/base64.hpp"
#include "core/random.hpp"

namespace imedic::core {

namespace {

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxFileBytes = 1 << 20;

// Key file problems surface at startup or in the CLI, which print public_message; they never
// reach an HTTP answer, so the path may appear in it. Key bytes never do.
Error KeyError(ErrorCode code, std::string message) {
  Error e(code, message);
  e.internal_detail = std::move(message);
  return e;
}

Error IoError(const std::string& what, const std::string& path) {
  return KeyError(ErrorCode::kInternal, what + " " + path + ": " + std::strerror(errno));
}

// Ids appear in envelopes "v1.<id>.<data>", so they must not contain '.'.
bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Wipes a buffer that held key material before it is freed.
void Wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

std::optional<MasterKey> DecodeKey(std::string_view id, std::string_view base64_key) {
  auto raw = Base64Decode(base64_key);
  if (!raw) raw = Base64UrlDecode(base64_key);
  if (!raw) return std::nullopt;
  std::optional<MasterKey> key;
  if (raw->size() == 32) {
    key.emplace();
    key->id = std::string(id);
    std::memcpy(key->key.data(), raw->data(), 32);
  }
  Wipe(*raw);
  return key;
}

MasterKey NewKey(const std::vector<MasterKey>& existing) {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[16];
  std::strftime(date, sizeof date, "%Y%m%d", &utc);
  MasterKey key;
  do {
    key.id = std::string("k") + date + "-" + RandomHex(3);
  } while (std::any_of(existing.begin(), existing.end(),
                       [&](const MasterKey& k) { return k.id == key.id; }));
  randombytes_buf(key.key.data(), key.key.size());
  return key;
}

// "<id> <base64>\n". Built in one reserved buffer so no stray copy of the key is left in freed
// memory; the caller wipes the result after writing it.
std::string KeyLine(const MasterKey& key) {
  std::string encoded =
      Base64Encode(std::string_view(reinterpret_cast<const char*>(key.key.data()), key.key.size()));
  std::string line;
  line.reserve(key.id.size() + encoded.size() + 3);
  line += key.id;
  line += ' ';
  line += encoded;
  line += '\n';
  Wipe(encoded);
  return line;
}

Result<void> WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(IoError("cannot write", path));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) return Fail(IoError("cannot sync", path));
  return {};
}

// Makes a new directory entry durable.
void SyncParent(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  if (parent.empty()) parent = ".";
  int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

struct KeyFile {
  std::vector<MasterKey> keys;
  bool ends_with_newline = true;
};

Result<KeyFile> ReadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(IoError("cannot open key file", path));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Error e = IoError("cannot stat key file", path);
    ::close(fd);
    return Fail(e);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Fail(KeyError(ErrorCode::kInvalidInput, "key file " + path + " is not a regular file"));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Fail(KeyError(ErrorCode::kInvalidInput, "key file " + path +
                                                       " is accessible by group or others (mode " +
                                                       mode + "); run: chmod 600 " + path));
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxFileBytes) {
    ::close(fd);
    return Fail(KeyError(ErrorCode::kInvalidInput, "key file " + path + " is too large"));
  }
  std::string content(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < content.size()) {
    ssize_t n = ::read(fd, content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  content.resize(got);

  KeyFile file;
  file.ends_with_newline = content.empty() || content.back() == '\n';
  std::optional<Error> problem;
  std::size_t line_no = 0;
  std::string_view rest(content);
  while (!rest.empty() && !problem) {
    ++line_no;
    const std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;

    const std::string where = "key file " + path + " line " + std::to_string(line_no);
    const std::size_t gap = line.find_first_of(" \t");
    if (gap == std::string_view::npos) {
      problem = KeyError(ErrorCode::kInvalidInput, where + ": expected \"<id> <base64 key>\"");
      break;
    }
    const std::string_view id = line.substr(0, gap);
    std::string_view encoded = line.substr(gap);
    while (!encoded.empty() && is_space(encoded.front())) encoded.remove_prefix(1);
    if (!ValidId(id)) {
      problem = KeyError(ErrorCode::kInvalidInput,
                         where + ": key id must be 1-64 characters of A-Z a-z 0-9 _ -");
    } else if (std::any_of(file.keys.begin(), file.keys.end(),
                           [&](const MasterKey& k) { return k.id == id; })) {
      problem = KeyError(ErrorCode::kInvalidInput, where + ": duplicate key id " + std::string(id));
    } else if (auto key = DecodeKey(id, encoded)) {
      file.keys.push_back(std::move(*key));
    } else {
      problem = KeyError(ErrorCode::kInvalidInput,
                         where + ": the key must be 32 bytes in base64 (44 characters)");
    }
  }
  Wipe(content);
  if (problem) return Fail(*problem);
  if (file.keys.empty()) {
    return Fail(KeyError(ErrorCode::kInvalidInput, "key file " + path + " holds no key"));
  }
  return file;
}

// Creates the missing folders leading to `path`, each with mode 0700.
Result<void> CreateParents(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::vector<std::filesystem::path> missing;
  for (auto p = parent; !p.empty(); p = p.parent_path()) {
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) break;
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  std::reverse(missing.begin(), missing.end());  // outermost first
  for (const auto& dir : missing) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return Fail(IoError("cannot create folder", dir.string()));
    }
  }
  return {};
}

}  // namespace

MasterKey::~MasterKey() { sodium_memzero(key.data(), key.size()); }

Result<Keyring> Keyring::FromBase64(std::string_view key_id, std::string_view base64_key) {
  if (!ValidId(key_id)) {
    return Fail(KeyError(ErrorCode::kInvalidInput,
                         "master key id must be 1-64 characters of A-Z a-z 0-9 _ -"));
  }
  auto key = DecodeKey(key_id, base64_key);
  if (!key) {
    return Fail(KeyError(ErrorCode::kInvalidInput, "master key must be 32 bytes in base64"));
  }
  std::vector<MasterKey> keys;
  keys.push_back(std::move(*key));
  return Keyring(std::move(keys));
}

Result<Keyring> Keyring::LoadFile(const std::string& path) {
  auto file = ReadKeyFile(path);
  if (!file) return Fail(file.error());
  return Keyring(std::move(file->keys));
}

Result<Keyring> Keyring::LoadOrCreateFile(const std::string& path, bool* created) {
  if (created != nullptr) *created = false;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return LoadFile(path);
  if (errno != ENOENT) return Fail(IoError("cannot stat key file", path));
  if (auto r = CreateParents(path); !r) return Fail(r.error());

  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return LoadFile(path);  // another process created it first
    return Fail(IoError("cannot create key file", path));
  }
  ::fchmod(fd, 0600);  // in case the umask removed owner bits
  std::vector<MasterKey> keys;
  keys.push_back(NewKey(keys));
  std::string line = KeyLine(keys.back());
  std::string content =
      "# imedic master keys: \"<id> <base64 32 bytes>\" per line; the last key encrypts,\n"
      "# every key decrypts. Back this file up: data sealed with a lost key is lost.\n";
  content.reserve(content.size() + line.size());
  content += line;
  Wipe(line);
  auto written = WriteAll(fd, content, path);
  Wipe(content);
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return Fail(written.error());
  }
  SyncParent(path);
  if (created != nullptr) *created = true;
  return Keyring(std::move(keys));
}

Result<void> Keyring::AppendNewKeyToFile(const std::string& path) {
  auto file = ReadKeyFile(path);
  if (!file) return Fail(file.error());
  MasterKey key = NewKey(file->keys);
  // One write of one line: a crash leaves the file with or without the whole new line.
  std::string line = KeyLine(key);
  if (!file->ends_with_newline) line.insert(line.begin(), '\n');
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    Wipe(line);
    return Fail(IoError("cannot open key file", path));
  }
  auto written = WriteAll(fd, line, path);
  Wipe(line);
  ::close(fd);
  if (!written) return Fail(written.error());
  file->keys.push_back(std::move(key));
  keys_ = std::move(file->keys);
  return {};
}

const MasterKey* Keyring::Find(std::string_view id) const {
  for (const MasterKey& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

}  // namespace imedic::core
