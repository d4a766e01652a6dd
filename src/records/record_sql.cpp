#include "records/record_sql.hpp"

#include <algorithm>

namespace imedic::records {

std::string Placeholder(std::vector<Arg>& args, Arg a) {
  auto it = std::find(args.begin(), args.end(), a);
  std::size_t n = static_cast<std::size_t>(it - args.begin()) + 1;
  if (it == args.end()) args.push_back(a);
  return "$" + std::to_string(n);
}

namespace {

std::string P(std::vector<Arg>& args, Arg a) { return Placeholder(args, a); }

std::string Table(const Binding& b) { return std::string(b.resource->table); }

// Expression of a row's subject (for the audit trail), or NULL.
std::string Subject(const Binding& b, std::string_view alias) {
  std::string_view col = b.owner->subject_column;
  if (col.empty()) return "NULL::uuid";
  return std::string(alias) + "." + std::string(col);
}

// The wrapped data key of the row's subject, or NULL when nothing is encrypted.
std::string KeyExpr(const Binding& b, std::string_view alias) {
  if (!b.resource->HasEncryptedFields()) return "NULL::text";
  return b.keys->wrapped_key_sql(Subject(b, alias));
}

std::string ScopeCondition(const Binding& b, std::string_view alias, std::vector<Arg>& args,
                           bool for_write) {
  return b.owner->scope_condition(args, alias, for_write);
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

// The audit rows of a statement: one per row of `from` (the alias the
// from clause gives).
std::string AuditInsert(std::vector<Arg>& args, const Binding& b, std::string_view action,
                        std::string_view from, bool with_changes,
                        std::string_view from_clause = {}) {
  return b.audit(args, AuditRows{.action = action,
                                 .table = b.resource->table,
                                 .from = from,
                                 .subject = Subject(b, from),
                                 .with_changes = with_changes,
                                 .from_clause = from_clause});
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

// The row version: changes with every UPDATE of the row (xmin is the id of
// the transaction that wrote this row version), opaque outside (a digest, so
// transaction ids are not shown). 16 hex digits; http/conditional.hpp puts it
// in the ETag and takes it back out of If-Match.
std::string RowVersion(std::string_view alias) {
  const std::string a(alias);
  return "left(md5(" + a + ".id::text || '.' || " + a + ".xmin::text), 16)";
}

// Whether `version` is one that If-Match accepts (no If-Match: any).
std::string VersionAccepted(std::vector<Arg>& args, std::string_view version) {
  const std::string wanted = Placeholder(args, Arg::kIfMatch);
  return "(" + wanted + "::text IS NULL OR " + std::string(version) + " = ANY (string_to_array(" +
         wanted + "::text, ',')))";
}

Statement Read(const Binding& b) {
  Statement s{"records." + Table(b) + ".read", {}, {}};
  auto& a = s.args;
  const std::string key = P(a, Arg::kKey);
  std::string scope = b.public_read ? "TRUE" : ScopeCondition(b, "t", a, false);
  s.text = "WITH r AS (SELECT t.*, " + RowVersion("t") + " AS row_version FROM " + Table(b) +
           " t WHERE t." + std::string(b.key_column) + " = " + key + "::uuid AND " + scope + ")";
  const bool deferred = b.audit_reads && b.defer_read_audit;
  if (b.audit_reads && !deferred) {
    s.text += ", audit AS (" + AuditInsert(a, b, "read", "r", false) +
              " WHERE r.deleted IS NOT TRUE)";
  }
  s.text += " SELECT " + RenderObject(*b.resource, "r", true) + "::text, r.deleted IS TRUE, " +
            KeyExpr(b, "r") + ", r.row_version";
  // A deferred audit row names the row and its subject: the service reads them here.
  if (deferred) s.text += ", r.id::text, " + Subject(b, "r") + "::text";
  s.text += " FROM r";
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
  const std::string_view parent = b.owner->parent_column;
  if (!parent.empty()) {
    record += ", '" + std::string(parent) + "', " + P(a, Arg::kKey) + "::uuid";
    cols += ", " + std::string(parent);
    vals += ", b." + std::string(parent);
  }
  record += ")";
  for (const Binding::CreateValue& v : b.create_values) {
    cols += ", " + std::string(v.column);
    vals += ", " + std::string(v.sql);
  }
  for (const std::string& c : WriteColumns(b, true)) {
    cols += ", " + c;
    vals += ", b." + c;
  }
  s.text = "WITH b AS (SELECT * FROM jsonb_populate_record(NULL::" + table + ", " + record +
           ")), ok AS (SELECT " + b.owner->create_guard(a) + " AS in_scope, " + FailedCheck(b) +
           " AS failed FROM b), ins AS (INSERT INTO " + table + " (" + cols + ") SELECT " + vals +
           " FROM b, ok WHERE ok.in_scope AND ok.failed = 0 RETURNING *)";
  // A row that is its own subject gets its data key in the same statement.
  if (b.owner->subject_column == "id" && b.resource->HasEncryptedFields()) {
    s.text += ", dk AS (" + b.keys->store_new_key_sql(a, "ins") + ")";
  }
  if (b.after_create != nullptr) s.text += ", " + b.after_create(a);
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
  // The row is locked before its version is compared, so a concurrent
  // writer either committed first (the version moved: 'stale', 412) or waits.
  s.text = "WITH cur AS (SELECT t AS whole, t.id, t.deleted, " + RowVersion("t") +
           " AS version FROM " + table + " t WHERE t." + std::string(b.key_column) + " = " + key +
           "::uuid AND " + ScopeCondition(b, "t", a, true) +
           " FOR UPDATE OF t), b AS (SELECT nb.* FROM cur, LATERAL "
           "jsonb_populate_record(cur.whole, " +
           P(a, Arg::kBody) + "::jsonb) AS nb), chk AS (SELECT " + FailedCheck(b) + " AS failed, " +
           VersionAccepted(a, "cur.version") + " AS current FROM cur, b), upd AS (UPDATE " + table +
           " t SET " + sets +
           " FROM cur, b, chk WHERE t.id = cur.id AND cur.deleted IS NOT TRUE AND chk.current "
           "AND chk.failed = 0 RETURNING t.*, " +
           RowVersion("t") + " AS row_version), audit AS (" +
           AuditInsert(a, b, "update", "upd", true) + ")";
  s.text += " SELECT " + RenderObject(*b.resource, "upd", true) + "::text, 'ok', " +
            KeyExpr(b, "upd") +
            ", upd.row_version FROM upd UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE "
            "THEN 'gone' WHEN NOT chk.current THEN 'stale' ELSE 'invalid:' || chk.failed END, "
            "NULL, NULL FROM cur, chk WHERE NOT EXISTS (SELECT 1 FROM upd)";
  return s;
}

// Soft delete (deleted = true) or restore (deleted = false).
Statement SetDeleted(const Binding& b, bool deleted) {
  const std::string table = Table(b);
  Statement s{"records." + table + (deleted ? ".delete" : ".restore"), {}, {}};
  auto& a = s.args;
  const std::string key = P(a, Arg::kKey);
  // A delete honours If-Match (the third column counts a stale version); a
  // restore has no representation to match, so takes none.
  const std::string current = deleted ? VersionAccepted(a, "cur.version") : "TRUE";
  s.text =
      "WITH cur AS (SELECT t.id, t.deleted, " + RowVersion("t") + " AS version FROM " + table +
      " t WHERE t." + std::string(b.key_column) + " = " + key + "::uuid AND " +
      ScopeCondition(b, "t", a, true) + " FOR UPDATE OF t), upd AS (UPDATE " + table +
      " t SET deleted = " + (deleted ? "TRUE" : "FALSE") +
      " FROM cur WHERE t.id = cur.id AND (cur.deleted IS TRUE) = " + (deleted ? "FALSE" : "TRUE") +
      " AND " + current + " RETURNING t.*, " + RowVersion("t") + " AS row_version), audit AS (" +
      AuditInsert(a, b, deleted ? "delete" : "restore", "upd", false) +
      ") SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int";
  if (deleted) {
    s.text += ", (SELECT count(*) FROM cur WHERE NOT " + current + ")::int";
  }
  // A restore answers with the restored record, from the same statement.
  if (!deleted) {
    s.text += ", (SELECT " + RenderObject(*b.resource, "upd", true) + "::text FROM upd), (SELECT " +
              KeyExpr(b, "upd") + " FROM upd), (SELECT row_version FROM upd)";
  }
  return s;
}

Statement WriteKey(const Binding& b) {
  const std::string table = Table(b);
  Statement s{"records." + table + ".write_key", {}, {}};
  const std::string_view subject = b.owner->subject_column;
  if (subject.empty() || !b.resource->HasEncryptedFields()) return s;
  auto& a = s.args;
  const std::string key = P(a, Arg::kKey);
  std::string subject_id = key + "::uuid";
  if (b.key_column != subject) {
    subject_id = "(SELECT c." + std::string(subject) + " FROM " + table + " c WHERE c.id = " + key +
                 "::uuid)";
  }
  s.text = "SELECT (SELECT c.id::text FROM " + table + " c WHERE c." + std::string(b.key_column) +
           " = " + key + "::uuid), " + b.owner->subject_key(a, subject_id);
  return s;
}

std::string ListWhere(const Binding& b, const ListQuery& q, std::string_view parent_column,
                      bool with_keyset) {
  std::vector<Arg> args = ListArgs(b, !parent_column.empty());
  std::string where = "t.deleted IS NOT TRUE";
  if (!b.public_read) where += " AND " + ScopeCondition(b, "t", args, false);
  if (!parent_column.empty()) {
    where += " AND t." + std::string(parent_column) + " = " + P(args, Arg::kKey) + "::uuid";
  }
  if (!q.where_sql.empty()) where += " AND " + q.where_sql;
  if (with_keyset && !q.keyset_sql.empty()) where += " AND " + q.keyset_sql;
  return where;
}

}  // namespace

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

ListSpec ListSpecFor(const Resource& resource, std::string default_sort) {
  ListSpec spec;
  for (const Field& f : resource.fields) {
    if (!f.filterable && !f.sortable) continue;
    if (f.encrypted) continue;  // never compared against ciphertext
    using T = ListColumn::Type;
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

std::string ListSql(const Binding& b, const ListQuery& q, std::string_view parent_column) {
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

std::string MatchSql(const Binding& b, const ListQuery& q, std::string_view parent_column) {
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

}  // namespace imedic::records
