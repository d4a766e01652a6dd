#include "records/record_sql.hpp"

#include <algorithm>

namespace imedic::api {

namespace {

// "$n" for an argument, adding it to `args` on first use.
std::string P(std::vector<Arg>& args, Arg a) {
  auto it = std::find(args.begin(), args.end(), a);
  std::size_t n = static_cast<std::size_t>(it - args.begin()) + 1;
  if (it == args.end()) args.push_back(a);
  return "$" + std::to_string(n);
}

std::string Table(const Binding& b) { return std::string(b.resource->table); }

// Expression of a row's patient (for the audit trail's subject), or NULL.
std::string Subject(Owner owner, std::string_view alias) {
  std::string_view col = PatientColumn(owner);
  if (col.empty()) return "NULL::uuid";
  return std::string(alias) + "." + std::string(col);
}

// The wrapped data key of the row's patient, or NULL when nothing is encrypted.
std::string KeyExpr(const Binding& b, std::string_view alias) {
  if (!b.resource->HasEncryptedFields()) return "NULL::text";
  return "(SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = " +
         Subject(b.owner, alias) + ")";
}

// Columns a write sets from the populated record `b`: what clients may set
// in this mode, plus the service's own columns.
std::vector<std::string> WriteColumns(const Binding& b, bool create) {
  std::vector<std::string> cols;
  for (const Field& f : b.resource->fields) {
    if (f.access == Access::kWritable || (create && f.access == Access::kCreateOnly)) {
      cols.emplace_back(f.name);
    }
  }
  for (std::string_view c : b.service_columns) cols.emplace_back(c);
  return cols;
}

// INSERT INTO audit_log … SELECT … FROM <from_clause>, one audit row per row
// of `from` (the alias the from clause gives).
std::string AuditInsert(std::vector<Arg>& args, const Binding& b, std::string_view action,
                        std::string_view from, bool with_changes,
                        std::string_view from_clause = {}) {
  std::string sql =
      "INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, "
      "subject_patient_profile_id, request_id, ip";
  if (with_changes) sql += ", changed_columns";
  sql += ") SELECT " + P(args, Arg::kCaller) + "::uuid, " + P(args, Arg::kRole) + "::text, '" +
         std::string(action) + "', '" + Table(b) + "', " + std::string(from) + ".id::text, " +
         Subject(b.owner, from) + ", " + P(args, Arg::kRequestId) + "::text, " + P(args, Arg::kIp) +
         "::inet";
  if (with_changes) sql += ", " + P(args, Arg::kChanged) + "::text[]";
  sql += " FROM " + std::string(from_clause.empty() ? from : from_clause);
  return sql;
}

// The condition a create must meet: the owner exists, is live and is in the
// caller's scope.
std::string CreateGuard(const Binding& b, std::vector<Arg>& args) {
  switch (b.owner) {
    case Owner::kPatient:
      return "EXISTS (SELECT 1 FROM users u WHERE u.id = " + P(args, Arg::kKey) +
             "::uuid AND u.deleted IS NOT TRUE AND (u.id = " + P(args, Arg::kCaller) +
             "::uuid OR " + P(args, Arg::kScope) + "::text = 'all'))";
    case Owner::kPatientChild:
      return "EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = " + P(args, Arg::kKey) +
             "::uuid AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, " +
             P(args, Arg::kCaller) + "::uuid, " + P(args, Arg::kScope) + "::text))";
    case Owner::kUser:
      return "EXISTS (SELECT 1 FROM users u WHERE u.id = " + P(args, Arg::kKey) +
             "::uuid AND u.deleted IS NOT TRUE AND (u.id = " + P(args, Arg::kCaller) +
             "::uuid OR " + P(args, Arg::kScope) + "::text = 'all'))";
    case Owner::kProvider: return "TRUE";  // providers.write is enough; see the membership CTE
    case Owner::kProviderChild: {
      std::string key = P(args, Arg::kKey);
      std::string scope = P(args, Arg::kScope);
      return "EXISTS (SELECT 1 FROM providers pv WHERE pv.id = " + key +
             "::uuid AND pv.deleted IS NOT TRUE AND (CASE WHEN " + scope +
             "::text = 'all' THEN TRUE ELSE pv.id::text = ANY (string_to_array(" + scope +
             "::text, ',')) END))";
    }
  }
  return "FALSE";
}

// The column a create sets from the path id, if any.
std::string_view ParentColumn(Owner owner) {
  switch (owner) {
    case Owner::kPatient: return "user_id";
    case Owner::kPatientChild: return "patient_profile_id";
    case Owner::kUser: return "user_id";
    case Owner::kProviderChild: return "provider_id";
    case Owner::kProvider: break;
  }
  return "";
}

// 0 when every row check holds over `b`, else the 1-based number of the
// first that does not.
std::string FailedCheck(const Binding& b) {
  if (b.row_checks.empty()) return "0";
  std::string sql = "CASE";
  for (std::size_t i = 0; i < b.row_checks.size(); ++i) {
    sql += " WHEN (" + std::string(b.row_checks[i].sql) + ") IS NOT TRUE THEN " +
           std::to_string(i + 1);
  }
  return sql + " ELSE 0 END";
}

Statement Read(const Binding& b) {
  Statement s{"records." + Table(b) + ".read", {}, {}};
  auto& a = s.args;
  const std::string key = P(a, Arg::kKey);
  std::string scope = b.public_read ? "TRUE" : ScopeCondition(b.owner, "t", a, false);
  s.text = "WITH r AS (SELECT t.* FROM " + Table(b) + " t WHERE t." + std::string(b.key_column) +
           " = " + key + "::uuid AND " + scope + ")";
  if (b.audit_reads) {
    s.text += ", audit AS (" + AuditInsert(a, b, "read", "r", false) +
              " WHERE r.deleted IS NOT TRUE)";
  }
  s.text += " SELECT " + RenderObject(*b.resource, "r", true) + "::text, r.deleted IS TRUE, " +
            KeyExpr(b, "r") + " FROM r";
  return s;
}

Statement Create(const Binding& b) {
  Statement s{"records." + Table(b) + ".create", {}, {}};
  auto& a = s.args;
  const std::string table = Table(b);
  // The new row as a record: the body, plus the id and the parent's id, so
  // that row checks see the row as it will be.
  std::string record = P(a, Arg::kBody) + "::jsonb || jsonb_build_object('id', " +
                       P(a, Arg::kNewId) + "::uuid";
  std::string cols = "id", vals = "b.id";
  const std::string_view parent = ParentColumn(b.owner);
  if (!parent.empty()) {
    record += ", '" + std::string(parent) + "', " + P(a, Arg::kKey) + "::uuid";
    cols += ", " + std::string(parent);
    vals += ", b." + std::string(parent);
  }
  record += ")";
  if (b.owner == Owner::kPatient) {
    cols += ", patient_id";
    vals += ", next_patient_reference()";
  }
  for (const std::string& c : WriteColumns(b, true)) {
    cols += ", " + c;
    vals += ", b." + c;
  }
  s.text = "WITH b AS (SELECT * FROM jsonb_populate_record(NULL::" + table + ", " + record +
           ")), ok AS (SELECT " + CreateGuard(b, a) + " AS in_scope, " + FailedCheck(b) +
           " AS failed FROM b), ins AS (INSERT INTO " + table + " (" + cols + ") SELECT " + vals +
           " FROM b, ok WHERE ok.in_scope AND ok.failed = 0 RETURNING *)";
  if (b.owner == Owner::kPatient && b.resource->HasEncryptedFields()) {
    s.text +=
        ", dk AS (INSERT INTO patient_data_keys (patient_profile_id, wrapped_key, "
        "master_key_id) SELECT ins.id, " +
        P(a, Arg::kWrappedKey) + "::text, " + P(a, Arg::kMasterKeyId) + "::text FROM ins)";
  }
  if (b.owner == Owner::kProvider) {
    // Provider staff who list a new provider (a doctor of their clinic)
    // become its members, so they can keep it up to date; administrators
    // manage every provider anyway.
    s.text += ", member AS (INSERT INTO provider_members (user_id, provider_id, added_by) SELECT " +
              P(a, Arg::kCaller) + "::uuid, ins.id, " + P(a, Arg::kCaller) +
              "::uuid FROM ins WHERE " + P(a, Arg::kScope) + "::text <> 'all')";
  }
  s.text += ", audit AS (" + AuditInsert(a, b, "create", "ins", true) + ")";
  s.text += " SELECT " + RenderObject(*b.resource, "ins", true) +
            "::text, 'ok' FROM ins UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' "
            "|| ok.failed ELSE 'missing' END FROM ok WHERE NOT EXISTS (SELECT 1 FROM ins)";
  return s;
}

Statement Patch(const Binding& b) {
  Statement s{"records." + Table(b) + ".patch", {}, {}};
  auto& a = s.args;
  const std::string table = Table(b);
  const std::string key = P(a, Arg::kKey);
  std::string sets;
  for (const std::string& c : WriteColumns(b, false)) {
    if (!sets.empty()) sets += ", ";
    sets += c + " = b." + c;
  }
  if (sets.empty()) sets = "id = t.id";
  s.text =
      "WITH cur AS (SELECT t AS whole, t.id, t.deleted FROM " + table + " t WHERE t." +
      std::string(b.key_column) + " = " + key + "::uuid AND " +
      ScopeCondition(b.owner, "t", a, true) +
      " FOR UPDATE OF t), b AS (SELECT nb.* FROM cur, LATERAL jsonb_populate_record(cur.whole, " +
      P(a, Arg::kBody) + "::jsonb) AS nb), chk AS (SELECT " + FailedCheck(b) +
      " AS failed FROM b), upd AS (UPDATE " + table + " t SET " + sets +
      " FROM cur, b, chk WHERE t.id = cur.id AND cur.deleted IS NOT TRUE AND chk.failed = 0"
      " RETURNING t.*), audit AS (" +
      AuditInsert(a, b, "update", "upd", true) + ")";
  s.text += " SELECT " + RenderObject(*b.resource, "upd", true) + "::text, 'ok', " +
            KeyExpr(b, "upd") +
            " FROM upd UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE THEN 'gone' ELSE "
            "'invalid:' || chk.failed END, NULL FROM cur, chk WHERE NOT EXISTS (SELECT 1 FROM "
            "upd)";
  return s;
}

// Soft delete (deleted = true) or restore (deleted = false).
Statement SetDeleted(const Binding& b, bool deleted) {
  const std::string table = Table(b);
  Statement s{"records." + table + (deleted ? ".delete" : ".restore"), {}, {}};
  auto& a = s.args;
  const std::string key = P(a, Arg::kKey);
  s.text = "WITH cur AS (SELECT t.id, t.deleted FROM " + table + " t WHERE t." +
           std::string(b.key_column) + " = " + key + "::uuid AND " +
           ScopeCondition(b.owner, "t", a, true) + " FOR UPDATE OF t), upd AS (UPDATE " + table +
           " t SET deleted = " + (deleted ? "TRUE" : "FALSE") +
           " FROM cur WHERE t.id = cur.id AND (cur.deleted IS TRUE) = " +
           (deleted ? "FALSE" : "TRUE") + " RETURNING t.*), audit AS (" +
           AuditInsert(a, b, deleted ? "delete" : "restore", "upd", false) +
           ") SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int";
  // A restore answers with the restored record, from the same statement.
  if (!deleted) {
    s.text += ", (SELECT " + RenderObject(*b.resource, "upd", true) + "::text FROM upd), (SELECT " +
              KeyExpr(b, "upd") + " FROM upd)";
  }
  return s;
}

Statement WriteKey(const Binding& b) {
  const std::string table = Table(b);
  Statement s{"records." + table + ".write_key", {}, {}};
  if (PatientColumn(b.owner).empty() || !b.resource->HasEncryptedFields()) return s;
  auto& a = s.args;
  const std::string key = P(a, Arg::kKey);
  std::string patient = key + "::uuid";
  if (b.owner == Owner::kPatientChild && b.key_column != "patient_profile_id") {
    patient = "(SELECT c.patient_profile_id FROM " + table + " c WHERE c.id = " + key + "::uuid)";
  }
  s.text = "SELECT (SELECT c.id::text FROM " + table + " c WHERE c." + std::string(b.key_column) +
           " = " + key +
           "::uuid), pp.id::text, k.wrapped_key FROM patient_profiles pp LEFT JOIN "
           "patient_data_keys k ON k.patient_profile_id = pp.id WHERE pp.id = " +
           patient + " AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, " +
           P(a, Arg::kCaller) + "::uuid, " + P(a, Arg::kScope) + "::text)";
  return s;
}

std::string ListWhere(const Binding& b, const http::ListQuery& q, std::string_view parent_column,
                      bool with_keyset) {
  std::vector<Arg> args = ListArgs(b, !parent_column.empty());
  std::string where = "t.deleted IS NOT TRUE";
  if (!b.public_read) where += " AND " + ScopeCondition(b.owner, "t", args, false);
  if (!parent_column.empty()) {
    where += " AND t." + std::string(parent_column) + " = " + P(args, Arg::kKey) + "::uuid";
  }
  if (!q.where_sql.empty()) where += " AND " + q.where_sql;
  if (with_keyset && !q.keyset_sql.empty()) where += " AND " + q.keyset_sql;
  return where;
}

}  // namespace

std::string_view PatientColumn(Owner owner) {
  switch (owner) {
    case Owner::kPatient: return "id";
    case Owner::kPatientChild: return "patient_profile_id";
    default: break;
  }
  return "";
}

std::string ScopeCondition(Owner owner, std::string_view alias, std::vector<Arg>& args,
                           bool for_write) {
  const std::string t(alias);
  switch (owner) {
    case Owner::kPatient:
    case Owner::kPatientChild: {
      std::string cond = "patient_visible(" + t + "." + std::string(PatientColumn(owner)) + ", " +
                         P(args, Arg::kCaller) + "::uuid, " + P(args, Arg::kScope) + "::text)";
      if (owner == Owner::kPatientChild) {
        cond += " AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = " + t +
                ".patient_profile_id AND pp.deleted IS NOT TRUE)";
      }
      return cond;
    }
    case Owner::kUser:
      return "(" + t + ".user_id = " + P(args, Arg::kCaller) + "::uuid OR " + P(args, Arg::kScope) +
             "::text = 'all')";
    case Owner::kProvider:
    case Owner::kProviderChild: {
      if (!for_write) return "TRUE";
      const std::string col = t + (owner == Owner::kProvider ? ".id" : ".provider_id");
      const std::string scope = P(args, Arg::kScope);
      return "(CASE WHEN " + scope + "::text = 'all' THEN TRUE ELSE " + col +
             "::text = ANY (string_to_array(" + scope + "::text, ',')) END)";
    }
  }
  return "FALSE";
}

std::string RenderObject(const Resource& resource, std::string_view alias, bool with_encrypted) {
  std::string out = "json_build_object(";
  bool first = true;
  for (const Field& f : resource.fields) {
    if (f.encrypted && !with_encrypted) continue;
    if (!first) out += ", ";
    first = false;
    out += "'" + std::string(f.name) + "', " + std::string(alias) + "." + std::string(f.name);
  }
  return out + ")";
}

RecordStatements BuildStatements(const Binding& binding) {
  return RecordStatements{Read(binding),
                          Create(binding),
                          Patch(binding),
                          SetDeleted(binding, true),
                          SetDeleted(binding, false),
                          WriteKey(binding)};
}

http::ListSpec ListSpecFor(const Resource& resource, std::string default_sort) {
  http::ListSpec spec;
  for (const Field& f : resource.fields) {
    if (!f.filterable && !f.sortable) continue;
    if (f.encrypted) continue;  // never compared against ciphertext
    using T = http::ListColumn::Type;
    T type = T::kText;
    switch (f.type) {
      case FieldType::kInt: type = T::kInt; break;
      case FieldType::kNumber: type = T::kNumeric; break;
      case FieldType::kBool: type = T::kBool; break;
      case FieldType::kDate: type = T::kDate; break;
      case FieldType::kTimestamp: type = T::kTimestamp; break;
      case FieldType::kUuid: type = T::kUuid; break;
      case FieldType::kStringArray: type = T::kTextArray; break;
      default: break;
    }
    spec.columns.push_back({std::string(f.name), type, f.filterable, f.sortable, f.nullable});
  }
  spec.default_sort = std::move(default_sort);
  return spec;
}

std::vector<Arg> ListArgs(const Binding& binding, bool by_parent) {
  std::vector<Arg> args;
  if (!binding.public_read) {
    P(args, Arg::kCaller);
    P(args, Arg::kScope);
  }
  if (binding.audit_reads) {
    P(args, Arg::kRole);
    P(args, Arg::kRequestId);
    P(args, Arg::kIp);
  }
  if (by_parent) P(args, Arg::kKey);
  return args;
}

std::string ListSql(const Binding& b, const http::ListQuery& q, std::string_view parent_column) {
  std::string sort_values;
  for (std::size_t k = 0; k < q.sort.size(); ++k) {
    sort_values += ", to_json(" + q.sort[k].expr + ")#>>'{}' AS sort_" + std::to_string(k);
  }
  const std::string page = "SELECT t.* FROM " + Table(b) + " t WHERE " +
                           ListWhere(b, q, parent_column, true) + " ORDER BY " + q.order_sql +
                           " LIMIT " + std::to_string(q.limit + 1);
  if (!b.audit_reads) {
    return "SELECT " + RenderObject(*b.resource, "p", false) + "::text AS doc" + sort_values +
           " FROM (" + page + ") p ORDER BY " + q.order_sql;
  }
  // The rows shown (not the extra one that only says there is more) are audited.
  std::vector<Arg> args = ListArgs(b, !parent_column.empty());
  const std::string shown = "(SELECT * FROM p ORDER BY " + q.order_sql + " LIMIT " +
                            std::to_string(q.limit) + ") shown";
  return "WITH p AS (" + page + "), audit AS (" +
         AuditInsert(args, b, "read", "shown", false, shown) + ") SELECT " +
         RenderObject(*b.resource, "p", false) + "::text AS doc" + sort_values +
         " FROM p ORDER BY " + q.order_sql;
}

std::string MatchSql(const Binding& b, const http::ListQuery& q, std::string_view parent_column) {
  std::string sql = "SELECT 1 FROM " + Table(b) + " t WHERE " +
                    ListWhere(b, q, parent_column, false);
  if (b.audit_reads) {
    // Nothing is audited when counting, but the placeholders keep their
    // numbers: mention the audit facts so every parameter has a type.
    std::vector<Arg> args = ListArgs(b, !parent_column.empty());
    sql += " AND num_nulls(" + P(args, Arg::kRole) + "::text, " + P(args, Arg::kRequestId) +
           "::text, " + P(args, Arg::kIp) + "::inet) >= 0";
  }
  return sql;
}

}  // namespace imedic::api
