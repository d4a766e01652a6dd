#include "domains/privacy/record_hooks.hpp"

#include "domains/privacy/data_keys.hpp"

namespace imedic::privacy {

namespace {

using records::Arg;
using records::Placeholder;

std::string WrappedKeySql(std::string_view patient) {
  return "(SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = " +
         std::string(patient) + ")";
}

std::string StoreNewKeySql(std::vector<Arg>& args, std::string_view inserted) {
  const std::string wrapped = Placeholder(args, Arg::kWrappedKey);
  const std::string master = Placeholder(args, Arg::kMasterKeyId);
  const std::string from(inserted);
  return "INSERT INTO patient_data_keys (patient_profile_id, wrapped_key, master_key_id) SELECT " +
         from + ".id, " + wrapped + "::text, " + master + "::text FROM " + from;
}

records::FieldKeys::NewKey NewKey(const core::Keyring& master, std::string_view patient) {
  NewDataKey fresh = NewWrappedDataKey(master, patient);
  return {std::move(fresh.key), std::move(fresh.wrapped), std::move(fresh.master_key_id)};
}

core::Result<core::MasterKey> GetOrCreateKey(const core::Keyring& master, db::Connection& conn,
                                             const std::string& patient) {
  // The subject id is read back from the database: canonical already.
  return DataKeys(master).GetOrCreate(conn, core::PatientId::Trusted(patient));
}

}  // namespace

std::string RecordAuditSql(std::vector<Arg>& args, const records::AuditRows& rows) {
  // The placeholders in the order the statement reads them.
  const std::string caller = Placeholder(args, Arg::kCaller);
  const std::string role = Placeholder(args, Arg::kRole);
  const std::string request_id = Placeholder(args, Arg::kRequestId);
  const std::string ip = Placeholder(args, Arg::kIp);
  std::string sql =
      "INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, "
      "subject_patient_profile_id, request_id, ip";
  if (rows.with_changes) sql += ", changed_columns";
  sql += ") SELECT " + caller + "::uuid, " + role + "::text, '" + std::string(rows.action) +
         "', '" + std::string(rows.table) + "', " + std::string(rows.from) + ".id::text, " +
         rows.subject + ", " + request_id + "::text, " + ip + "::inet";
  if (rows.with_changes) sql += ", " + Placeholder(args, Arg::kChanged) + "::text[]";
  sql += " FROM " + std::string(rows.from_clause.empty() ? rows.from : rows.from_clause);
  return sql;
}

const records::FieldKeys& PatientFieldKeys() {
  static const records::FieldKeys keys{.wrapped_key_sql = WrappedKeySql,
                                       .store_new_key_sql = StoreNewKeySql,
                                       .new_key = NewKey,
                                       .unwrap = UnwrapDataKey,
                                       .get_or_create = GetOrCreateKey,
                                       .seal = EncryptField,
                                       .open = DecryptField,
                                       .looks_sealed = LooksEncrypted};
  return keys;
}

std::string WrappedKeyJoin(std::string_view patient) {
  return "LEFT JOIN patient_data_keys k ON k.patient_profile_id = " + std::string(patient);
}

}  // namespace imedic::privacy
