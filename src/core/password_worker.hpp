// argon2id in a child process (`imedic password-worker`), one per hashing
// thread of PasswordHasher.
//
// Why a process and not only a thread: libsodium maps its 64 MiB of argon2
// memory fresh for every hash and unmaps it after. Inside the server that
// means ~16k page faults and a 64 MiB munmap per sign-in in the server's own
// address space: the unmap takes the address-space lock for writing and
// flushes the TLBs of every core running a server thread, so request threads
// stall behind it. And a process of its own can leave the server's scheduling
// group: RunPasswordWorker starts a session, lowers that autogroup to nice 19
// and runs SCHED_IDLE, so argon2id only gets CPU that PostgreSQL and the
// server leave. Measured on 2 cores at half of search's peak with 100
// sign-ins/s beside it: search p99 2.6 ms alone, ~300 ms with argon2id on a
// nice-19 thread or process in the server's group, ~4.5–5 ms with this
// (docs/architecture.md, 3.4).
//
// The protocol on the child's stdin/stdout is private to this file: a
// request is op ('H' hash, 'V' verify), opslimit, memlimit and two
// length-prefixed strings; the answer is a status byte and one string.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/password.hpp"

namespace imedic::core {

// The child's main loop: answers requests on `in_fd` to `out_fd` until EOF.
// Lowers its own CPU priority to `nice` first. Returns the exit status.
int RunPasswordWorker(int in_fd, int out_fd, int nice);

class PasswordWorkerProcess {
 public:
  // `executable` is run as `<executable> password-worker` (the server passes
  // /proc/self/exe), with an empty environment.
  explicit PasswordWorkerProcess(std::string executable) : executable_(std::move(executable)) {}
  ~PasswordWorkerProcess();  // closes its stdin (the child exits) and reaps it
  PasswordWorkerProcess(const PasswordWorkerProcess&) = delete;
  PasswordWorkerProcess& operator=(const PasswordWorkerProcess&) = delete;

  // HashPassword / VerifyPassword in the child. A child that died is started
  // again on the next call; the call that saw it die fails with kUnavailable.
  Result<std::string> Hash(std::string_view password, const PasswordPolicy& policy);
  Result<bool> Verify(std::string_view stored_hash, std::string_view password);

  pid_t pid() const { return pid_; }

 private:
  Result<std::string> Call(char op, const PasswordPolicy& policy, std::string_view a,
                           std::string_view b);
  Result<void> Spawn();
  void Reap();

  std::string executable_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

}  // namespace imedic::core
