// Runs the real `imedic` binary as a child process for end-to-end tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace imedic::testing {

class ChildProcess {
 public:
  // Starts IMEDIC_BINARY_PATH with `args`; `env` entries are set (an empty
  // value unsets the variable). stdout+stderr go to `log_path`.
  ChildProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               std::string log_path);
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void Signal(int sig);
  // Exit code once the child ends within `timeout`; nullopt if it did not.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  std::string Log() const;
  // Polls the log for the "listening" line and returns the port, or 0.
  int WaitForPort(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

}  // namespace imedic::testing
