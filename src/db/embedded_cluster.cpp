#include "db/embedded_cluster.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "db/connection.hpp"

namespace imedic::db {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSuperuser = "imedic";

core::Error Unavailable(std::string msg) {
  core::Error e{core::ErrorCode::kUnavailable, std::move(msg), {}, {}};
  e.internal_detail = e.public_message;
  return e;
}

// The account that owns and runs the cluster: ourselves, or `postgres`
// when we are root.
struct RunAs {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

core::Result<RunAs> ClusterUser() {
  RunAs r;
  if (geteuid() != 0) return r;
  struct passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    return core::Fail(
        Unavailable("running as root, but there is no `postgres` system user to run PostgreSQL as "
                    "(install the postgresql package, or run imedic as a normal user)"));
  }
  r.switch_user = true;
  r.uid = pw->pw_uid;
  r.gid = pw->pw_gid;
  return r;
}

// Runs a program (as the cluster user), waits, and returns its exit code.
// Its stdout and stderr go to `log_path` so failures can be reported.
core::Result<int> RunProgram(const RunAs& as, const std::vector<std::string>& argv,
                             const fs::path& log_path) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return core::Fail(Unavailable("fork failed"));
  if (pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    if (as.switch_user) {
      if (setgroups(0, nullptr) != 0 || setgid(as.gid) != 0 || setuid(as.uid) != 0) _exit(126);
    }
    // pg_ctl resolves the current directory; make sure the new user can.
    if (chdir("/") != 0) _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return core::Fail(Unavailable("waitpid failed"));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string Tail(const fs::path& p, std::size_t max_bytes = 2000) {
  std::ifstream in(p, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return s.size() > max_bytes ? s.substr(s.size() - max_bytes) : s;
}

bool IsValidDatabaseName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

core::Result<fs::path> FindPostgresBinDir() {
  if (const char* env = std::getenv("IMEDIC_PG_BINDIR"); env && *env) {
    if (fs::exists(fs::path(env) / "pg_ctl")) return fs::path(env);
    return core::Fail(Unavailable(std::string("IMEDIC_PG_BINDIR has no pg_ctl: ") + env));
  }
  for (int v = 17; v >= 13; --v) {
    fs::path p = fs::path("/usr/lib/postgresql") / std::to_string(v) / "bin";
    if (fs::exists(p / "pg_ctl") && fs::exists(p / "initdb")) return p;
  }
  if (FILE* f = popen("pg_config --bindir 2>/dev/null", "r")) {
    std::array<char, 512> buf{};
    std::string out;
    while (fgets(buf.data(), buf.size(), f)) out += buf.data();
    pclose(f);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    if (!out.empty() && fs::exists(fs::path(out) / "pg_ctl")) return fs::path(out);
  }
  return core::Fail(
      Unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql-15 "
                  "or set IMEDIC_PG_BINDIR, or set DATABASE_URL to use an existing server"));
}

EmbeddedCluster::EmbeddedCluster(EmbeddedClusterOptions options, fs::path bindir)
    : options_(std::move(options)), bindir_(std::move(bindir)) {}

EmbeddedCluster::~EmbeddedCluster() {
  if (running_) (void)Stop();
}

core::Result<std::unique_ptr<EmbeddedCluster>> EmbeddedCluster::Start(
    EmbeddedClusterOptions options) {
  if (!IsValidDatabaseName(options.database)) {
    return core::Fail(Unavailable("database name must match [a-z0-9_]{1,63}"));
  }
  auto bindir = FindPostgresBinDir();
  if (!bindir) return core::Fail(bindir.error());
  auto as = ClusterUser();
  if (!as) return core::Fail(as.error());

  std::error_code ec;
  fs::create_directories(options.dir, ec);
  options.dir = fs::absolute(options.dir).lexically_normal();
  if (ec) return core::Fail(Unavailable("cannot create " + options.dir.string()));
  // The socket path must fit in sockaddr_un (107 bytes incl. "/.s.PGSQL.5432").
  if (options.dir.string().size() > 90) {
    return core::Fail(
        Unavailable("data folder path too long for a Unix socket: " + options.dir.string()));
  }
  std::unique_ptr<EmbeddedCluster> cluster(new EmbeddedCluster(options, *bindir));
  const fs::path& dir = cluster->options_.dir;
  if (as->switch_user && chown(dir.c_str(), as->uid, as->gid) != 0) {
    return core::Fail(Unavailable("cannot hand " + dir.string() + " to the postgres user"));
  }
  chmod(dir.c_str(), 0700);

  if (!fs::exists(dir / "PG_VERSION")) {
    core::log::Info("embedded_postgres_initdb").Str("dir", dir.string()).Emit();
    fs::path log = dir.parent_path() / (dir.filename().string() + "-initdb.log");
    std::vector<std::string> argv = {(*bindir / "initdb").string(),
                                     "-D",
                                     dir.string(),
                                     "-U",
                                     kSuperuser,
                                     "--auth=trust",
                                     "--encoding=UTF8",
                                     "--no-locale"};
    if (options.ephemeral) argv.emplace_back("--no-sync");
    auto rc = RunProgram(*as, argv, log);
    if (!rc) return core::Fail(rc.error());
    if (*rc != 0) {
      return core::Fail(
          Unavailable("initdb failed (exit " + std::to_string(*rc) + "): " + Tail(log)));
    }
    fs::remove(log, ec);
  }
  // Backends of a postmaster that was killed may hold its shared memory for a
  // moment: a new one refuses to start until they are gone, so retry a while.
  if (auto r = cluster->StartPatiently(std::chrono::seconds(30)); !r) {
    return core::Fail(r.error());
  }
  if (auto r = cluster->EnsureDatabase(); !r) return core::Fail(r.error());
  return cluster;
}

core::Result<void> EmbeddedCluster::StartServer() {
  auto as = ClusterUser();
  if (!as) return core::Fail(as.error());
  const fs::path& dir = options_.dir;
  if (IsRunning()) {
    // Left running by a run that did not stop it (a crash): reuse it.
    // Another imedic process (a running `serve`) owns it: use it, and leave
    // it running when we are done.
    core::log::Warn("embedded_postgres_already_running").Str("dir", dir.string()).Emit();
    return {};
  }
  // Only a Unix socket, in the cluster's own folder; no TCP at all.
  std::string opts = "-c listen_addresses='' -c unix_socket_directories='" + dir.string() +
                     "' -c unix_socket_permissions=0700"
                     // The server log must not hold personal data: no DETAIL lines
                     // ("Key (email)=(…)") and no statement text.
                     " -c log_error_verbosity=terse -c log_min_error_statement=panic";
  if (options_.ephemeral) {
    opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  }
  fs::path log = dir / "server.log";
  auto rc = RunProgram(*as,
                       {(bindir_ / "pg_ctl").string(), "start", "-D", dir.string(), "-w", "-t",
                        "60", "-l", log.string(), "-o", opts},
                       ControlLog());
  if (!rc) return core::Fail(rc.error());
  if (*rc != 0) {
    return core::Fail(Unavailable("embedded PostgreSQL did not start (pg_ctl exit " +
                                  std::to_string(*rc) + "): " + Tail(log)));
  }
  running_ = true;
  core::log::Info("embedded_postgres_started").Str("dir", dir.string()).Emit();
  return {};
}

core::Result<void> EmbeddedCluster::EnsureDatabase() {
  auto admin = Connection::Open(ConnInfo("postgres"));
  if (!admin) return core::Fail(admin.error());
  auto found = admin->ExecParams("SELECT 1 FROM pg_database WHERE datname = $1",
                                 Params{options_.database});
  if (!found) return core::Fail(found.error());
  if (found->rows() == 0) {
    // The name was validated to [a-z0-9_], so it is a plain identifier.
    auto created = admin->Exec("CREATE DATABASE " + options_.database);
    if (!created && created.error().code != core::ErrorCode::kConflict) {
      return core::Fail(created.error());
    }
  }
  return {};
}

core::Result<void> EmbeddedCluster::Stop() { return StopWith("fast"); }

core::Result<void> EmbeddedCluster::Crash() { return StopWith("immediate"); }

core::Result<void> EmbeddedCluster::StopWith(const std::string& mode) {
  if (!running_) return {};
  auto as = ClusterUser();
  if (!as) return core::Fail(as.error());
  auto rc = RunProgram(*as,
                       {(bindir_ / "pg_ctl").string(), "stop", "-D", options_.dir.string(), "-m",
                        mode, "-w", "-t", "60"},
                       ControlLog());
  running_ = false;
  if (!rc) return core::Fail(rc.error());
  if (*rc != 0) return core::Fail(Unavailable("pg_ctl stop failed"));
  core::log::Info("embedded_postgres_stopped").Str("dir", options_.dir.string()).Emit();
  return {};
}

core::Result<void> EmbeddedCluster::Restart() { return StartServer(); }

bool EmbeddedCluster::PostmasterAlive() const {
  std::ifstream pid_file(options_.dir / "postmaster.pid");
  long pid = 0;
  if (!(pid_file >> pid) || pid <= 0) return false;
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // A killed postmaster can linger as a zombie until its parent reaps it, and
  // a pid can be reused: alive means a postgres process not in state Z.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: trust the signal
  const auto open = line.find('(');
  const auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close + 2 >= line.size()) {
    return true;
  }
  const std::string name = line.substr(open + 1, close - open - 1);
  const char state = line[close + 2];
  return name.find("postgres") != std::string::npos && state != 'Z';
}

namespace {

// Whether a live process still works in `dir` (its current directory): a
// backend of a postmaster that died. While one lives, the old shared memory
// is in use and no new postmaster may start on the folder.
bool BackendsLinger(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string pid = entry.path().filename().string();
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code link_ec;
    const fs::path cwd = fs::read_symlink(entry.path() / "cwd", link_ec);
    if (link_ec || cwd != dir) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z') continue;
    return true;
  }
  return false;
}

}  // namespace

core::Result<void> EmbeddedCluster::StartAfterDeath() {
  if (PostmasterAlive()) return StartServer();  // someone else started it: reuse
  if (BackendsLinger(options_.dir)) {
    return core::Fail(Unavailable("backends of the dead postmaster are still running"));
  }
  // Nothing runs on the folder any more. A killed postmaster that its parent
  // has not reaped yet is a zombie whose pid still answers signals, so
  // PostgreSQL would take its lock file for a live server's: remove it.
  std::error_code ec;
  fs::remove(options_.dir / "postmaster.pid", ec);
  return StartServer();
}

core::Result<int> EmbeddedCluster::StartPatiently(std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  std::chrono::milliseconds wait{100};
  for (int attempt = 1;; ++attempt) {
    // Waiting for the dead postmaster's backends to go is a cheap /proc scan:
    // poll it often, and back off only when a start itself failed.
    while (!PostmasterAlive() && BackendsLinger(options_.dir) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto started = StartAfterDeath();
    if (started) return attempt;
    if (std::chrono::steady_clock::now() + wait > deadline) return core::Fail(started.error());
    core::log::Warn("embedded_postgres_start_retry")
        .Int("attempt", attempt)
        .Int("retry_in_ms", wait.count())
        .Emit();
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(2000));
  }
}

core::Result<void> EmbeddedCluster::Recover(std::chrono::milliseconds patience) {
  auto attempts = StartPatiently(patience);
  if (!attempts) return core::Fail(attempts.error());
  core::log::Info("embedded_postgres_recovered").Int("attempts", *attempts).Emit();
  return {};
}

bool EmbeddedCluster::IsRunning() const {
  auto as = ClusterUser();
  if (!as) return false;
  auto rc = RunProgram(*as, {(bindir_ / "pg_ctl").string(), "status", "-D", options_.dir.string()},
                       "/dev/null");
  return rc && *rc == 0;
}

std::filesystem::path EmbeddedCluster::ControlLog() const {
  // Beside the data folder, not in it: a root-owned file inside would break
  // tools that run as postgres (pg_basebackup).
  return options_.dir.parent_path() / (options_.dir.filename().string() + "-pg_ctl.log");
}

std::string EmbeddedCluster::ConnInfo(const std::string& database) const {
  // Paths with spaces or quotes are escaped per libpq's conninfo syntax.
  std::string host;
  for (char c : options_.dir.string()) {
    if (c == '\'' || c == '\\') host.push_back('\\');
    host.push_back(c);
  }
  return "host='" + host + "' user=" + kSuperuser + " dbname=" + database +
         " application_name=imedic connect_timeout=5";
}

}  // namespace imedic::db
