#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "db/migrator.hpp"
#include "support/test_database.hpp"

namespace imedic::testing {

namespace fs = std::filesystem;

namespace {

std::mutex g_mu;
std::unique_ptr<TempDir> g_dir;                  // guarded by g_mu
std::unique_ptr<db::EmbeddedCluster> g_cluster;  // guarded by g_mu
std::atomic<int> g_counter{0};

constexpr const char* kTemplate = "imedic_template";

db::Connection AdminConnection() {
  auto c = db::Connection::Open(SharedCluster().ConnInfo("postgres"));
  if (!c) throw std::runtime_error("test cluster: cannot connect as admin");
  return std::move(*c);
}

}  // namespace

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  // The postgres user (when tests run as root) must be able to enter it.
  chmod(pattern.c_str(), 0755);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

db::EmbeddedCluster& SharedCluster() {
  std::lock_guard lock(g_mu);
  if (!g_cluster) {
    g_dir = std::make_unique<TempDir>("imedic-pg");
    auto cluster = db::EmbeddedCluster::Start(
        {.dir = g_dir->path() + "/pg", .database = kTemplate, .ephemeral = true});
    if (!cluster) {
      throw std::runtime_error("test cluster failed to start: " + cluster.error().public_message);
    }
    g_cluster = std::move(*cluster);
    auto conn = db::Connection::Open(g_cluster->ConnInfo(kTemplate));
    if (!conn) throw std::runtime_error("test cluster: cannot connect to template");
    auto migrated = db::Migrate(*conn, db::EmbeddedMigrations());
    if (!migrated) {
      throw std::runtime_error(
          "test cluster: migrations failed: " + migrated.error().public_message + " / " +
          migrated.error().internal_detail);
    }
  }
  return *g_cluster;
}

void ShutdownSharedCluster() {
  std::lock_guard lock(g_mu);
  if (g_cluster) (void)g_cluster->Stop();
  g_cluster.reset();
  g_dir.reset();
}

TestDatabase::TestDatabase(Kind kind) {
  name_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(g_counter++);
  db::Connection admin = AdminConnection();
  // Names are generated here from digits, so they are plain identifiers.
  std::string sql = "CREATE DATABASE " + name_;
  if (kind == Kind::kMigrated) sql += std::string(" TEMPLATE ") + kTemplate;
  auto r = admin.Exec(sql);
  if (!r) throw std::runtime_error("CREATE DATABASE failed: " + r.error().internal_detail);
  conninfo_ = SharedCluster().ConnInfo(name_);
}

TestDatabase::~TestDatabase() {
  conn_.reset();
  try {
    db::Connection admin = AdminConnection();
    (void)admin.Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (...) {
    // The cluster is going away anyway.
  }
}

db::Connection& TestDatabase::conn() {
  if (!conn_) {
    auto c = db::Connection::Open(conninfo_);
    if (!c) throw std::runtime_error("cannot connect to " + name_);
    conn_.emplace(std::move(*c));
  }
  return *conn_;
}

}  // namespace imedic::testing
