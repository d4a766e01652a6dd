#include "domains/privacy/audit_writer.hpp"

#include <arpa/inet.h>

#include "db/text_array.hpp"
#include "domains/privacy/sql/queries.hpp"

namespace imedic::privacy {

std::optional<std::string> AuditIp(std::string_view remote_address) {
  if (remote_address.empty() || remote_address.size() > 64) return std::nullopt;
  std::string s(remote_address);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    return s;
  }
  return std::nullopt;
}

core::Result<void> AppendAudit(db::Connection& conn, const AuditEntry& e) {
  std::optional<std::string> columns;
  if (!e.changed_columns.empty()) columns = db::ToTextArray(e.changed_columns);
  auto r = conn.Execute(
      sql::kAppendAudit,
      db::Params{e.actor_user_id, e.actor_role, e.action, e.table_name, e.row_id,
                 e.subject_patient_profile_id, e.request_id, e.ip, columns, e.reason});
  if (!r) return core::Fail(r.error());
  return {};
}

AuditEntry AuditFromRequest(const http::RequestContext& ctx, std::string action) {
  AuditEntry e;
  e.action = std::move(action);
  if (ctx.principal) {
    if (!ctx.principal->user_id.empty()) e.actor_user_id = ctx.principal->user_id;
    e.actor_role = ctx.principal->AuditRole();
  }
  if (!ctx.request.request_id.empty()) e.request_id = ctx.request.request_id;
  e.ip = AuditIp(ctx.request.remote_address);
  return e;
}

}  // namespace imedic::privacy
