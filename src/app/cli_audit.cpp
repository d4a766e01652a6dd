#include "app/cli_audit.hpp"

#include <cstdio>

#include "app/cli_common.hpp"
#include "app/database.hpp"
#include "app/keys.hpp"
#include "db/connection.hpp"
#include "domains/privacy/audit_chain.hpp"

namespace imedic::app {

namespace {

void PrintError(const char* what, const core::Error& e) {
  PrintCliError(std::string("audit ") + what, e);
}

int Verify(db::Connection& conn, const core::Keyring& keys) {
  auto report = privacy::VerifyAuditChain(conn, keys);
  if (!report) {
    PrintError("verify", report.error());
    return 2;
  }
  if (!report->ok) {
    std::printf("audit chain BROKEN after %lld good rows: %s\n",
                static_cast<long long>(report->rows_checked), report->problem.c_str());
    return 1;
  }
  std::printf("audit chain OK: %lld rows\n", static_cast<long long>(report->rows_checked));
  if (report->head_seq > 0) {
    std::printf("head: chain_seq %lld hash %s\n", static_cast<long long>(report->head_seq),
                report->head_hash_hex.c_str());
  }
  if (report->unsealed > 0) {
    std::printf("%lld recent rows not sealed yet\n", static_cast<long long>(report->unsealed));
  }
  return 0;
}

int Seal(db::Connection& conn, const core::Keyring& keys) {
  constexpr int kBatch = 5000;
  long long total = 0;
  for (;;) {
    auto report = privacy::SealPendingAudit(conn, keys, kBatch);
    if (!report) {
      PrintError("seal", report.error());
      return 1;
    }
    if (report->busy) {
      std::printf("another sealer (a running server) holds the lock; sealed %lld rows\n", total);
      return 0;
    }
    total += report->sealed;
    if (report->sealed < kBatch) {
      std::printf("sealed %lld rows (head chain_seq %lld)\n", total,
                  static_cast<long long>(report->head_seq));
      return 0;
    }
  }
}

}  // namespace

CLI::App* AddAuditCommand(CLI::App& cli) {
  auto* audit = cli.add_subcommand("audit", "Check or seal the tamper-evident audit trail");
  audit->require_subcommand(1);
  audit->add_subcommand("verify",
                        "Walk the audit hash chain and report the first altered, deleted or "
                        "inserted row (exit 1); seals nothing");
  audit->add_subcommand("seal", "Seal the audit rows not yet in the chain and print the count");
  return audit;
}

int RunAuditCommand(CLI::App* audit, const core::Config& config) {
  const bool verify = audit->get_subcommand("verify")->parsed();
  const char* what = verify ? "verify" : "seal";
  return RunWithDatabaseAndKeys(config, std::string("audit ") + what,
                                [verify](db::Connection& conn, const core::Keyring& keys) {
                                  return verify ? Verify(conn, keys) : Seal(conn, keys);
                                });
}

}  // namespace imedic::app
