#include "core/password_worker.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>  // NOLINT(modernize-deprecated-headers): kill() is POSIX, not <csignal>
#include <sodium.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace imedic::core {

namespace {

// Strings on the pipe: passwords are at most 256 bytes, hashes under 128.
constexpr std::uint32_t kMaxField = 4096;

bool WriteAll(int fd, const void* data, std::size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool ReadAll(int fd, void* data, std::size_t n) {
  char* p = static_cast<char*>(data);
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool WriteField(int fd, std::string_view s) {
  const auto n = static_cast<std::uint32_t>(s.size());
  return WriteAll(fd, &n, sizeof n) && WriteAll(fd, s.data(), s.size());
}

bool ReadField(int fd, std::string& out) {
  std::uint32_t n = 0;
  if (!ReadAll(fd, &n, sizeof n) || n > kMaxField) return false;
  out.resize(n);
  return ReadAll(fd, out.data(), n);
}

Error WorkerLost() {
  Error e(ErrorCode::kUnavailable, "the service is busy: try again in a few seconds");
  e.retry_after_seconds = 1;
  e.internal_detail = "password worker process ended";
  return e;
}

}  // namespace

int RunPasswordWorker(int in_fd, int out_fd, int nice) {
  // Ends with the server even when the server is killed outright.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 0;  // the server died before we got here
  if (nice > 0) {
    // A session of its own, and that session's scheduling group lowered:
    // with autogroup scheduling (Linux's default for sessions), the nice value
    // of a process only weighs against its own group, and the group as a whole
    // competes evenly with PostgreSQL's. Lowering the group's nice makes
    // argon2id yield to PostgreSQL and the server, not only to its siblings.
    setsid();
    if (FILE* group = std::fopen("/proc/self/autogroup", "w")) {
      std::fprintf(group, "%d", nice);
      std::fclose(group);
    }
    setpriority(PRIO_PROCESS, 0, nice);
    // And within the group, run only when nothing else wants the CPU.
    sched_param none{};
    sched_setscheduler(0, SCHED_IDLE, &none);
  }
  for (;;) {
    char op = 0;
    std::uint64_t ops = 0, mem = 0;
    std::string a, b;
    if (!ReadAll(in_fd, &op, 1)) return 0;  // EOF: the server closed the pipe
    if (!ReadAll(in_fd, &ops, sizeof ops) || !ReadAll(in_fd, &mem, sizeof mem) ||
        !ReadField(in_fd, a) || !ReadField(in_fd, b)) {
      return 1;
    }
    char status = 0;
    std::string answer;
    if (op == 'H') {
      auto h = HashPassword(a, {ops, static_cast<std::size_t>(mem)});
      status = h ? 0 : 1;
      answer = h ? *h : h.error().public_message;
    } else if (op == 'V') {
      answer = VerifyPassword(a, b) ? "1" : "0";
    } else {
      return 1;
    }
    // The password leaves memory with the request.
    sodium_memzero(a.data(), a.size());
    sodium_memzero(b.data(), b.size());
    if (!WriteAll(out_fd, &status, 1) || !WriteField(out_fd, answer)) return 1;
  }
}

PasswordWorkerProcess::~PasswordWorkerProcess() { Reap(); }

void PasswordWorkerProcess::Reap() {
  if (to_child_ >= 0) close(to_child_);
  if (from_child_ >= 0) close(from_child_);
  to_child_ = from_child_ = -1;
  if (pid_ > 0) {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
  }
  pid_ = -1;
}

Result<void> PasswordWorkerProcess::Spawn() {
  int to[2], from[2];
  if (pipe2(to, O_CLOEXEC) != 0) return Fail(WorkerLost());
  if (pipe2(from, O_CLOEXEC) != 0) {
    close(to[0]);
    close(to[1]);
    return Fail(WorkerLost());
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from[1], STDOUT_FILENO);
  char* argv[] = {executable_.data(), const_cast<char*>("password-worker"), nullptr};
  char* envp[] = {nullptr};
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, executable_.c_str(), &actions, nullptr, argv, envp);
  posix_spawn_file_actions_destroy(&actions);
  close(to[0]);
  close(from[1]);
  if (rc != 0) {
    close(to[1]);
    close(from[0]);
    return Fail(WorkerLost());
  }
  pid_ = pid;
  to_child_ = to[1];
  from_child_ = from[0];
  return {};
}

Result<std::string> PasswordWorkerProcess::Call(char op, const PasswordPolicy& policy,
                                                std::string_view a, std::string_view b) {
  if (pid_ <= 0) {
    if (auto s = Spawn(); !s) return Fail(s.error());
  }
  const std::uint64_t ops = policy.opslimit, mem = policy.memlimit;
  char status = 1;
  std::string answer;
  // A write to a dead child must fail, not kill the server.
  static const bool sigpipe_ignored = [] { return signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)sigpipe_ignored;
  const bool ok = WriteAll(to_child_, &op, 1) && WriteAll(to_child_, &ops, sizeof ops) &&
                  WriteAll(to_child_, &mem, sizeof mem) && WriteField(to_child_, a) &&
                  WriteField(to_child_, b) && ReadAll(from_child_, &status, 1) &&
                  ReadField(from_child_, answer);
  if (!ok) {
    if (pid_ > 0) kill(pid_, SIGKILL);
    Reap();  // the next call starts a new one
    return Fail(WorkerLost());
  }
  if (status != 0) return Fail(Error::Internal("argon2id hashing failed in the worker"));
  return answer;
}

Result<std::string> PasswordWorkerProcess::Hash(std::string_view password,
                                                const PasswordPolicy& policy) {
  return Call('H', policy, password, {});
}

Result<bool> PasswordWorkerProcess::Verify(std::string_view stored_hash,
                                           std::string_view password) {
  auto r = Call('V', {1, 1}, stored_hash, password);
  if (!r) return Fail(r.error());
  return *r == "1";
}

}  // namespace imedic::core
