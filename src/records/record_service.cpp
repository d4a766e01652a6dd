#include "records/record_service.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/random.hpp"
#include "core/uuid.hpp"
#include "db/estimate_count.hpp"
#include "db/text_array.hpp"
#include "db/typed_get.hpp"
#include "http/conditional.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"

namespace imedic::records {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

struct ArgValues {
  std::optional<std::string> key, new_id, caller, scope, role, request_id, ip, body, changed,
      wrapped_key, master_key_id, if_match;

  const std::optional<std::string>& Of(Arg a) const {
    switch (a) {
      case Arg::kKey: return key;
      case Arg::kNewId: return new_id;
      case Arg::kCaller: return caller;
      case Arg::kScope: return scope;
      case Arg::kRole: return role;
      case Arg::kRequestId: return request_id;
      case Arg::kIp: return ip;
      case Arg::kBody: return body;
      case Arg::kChanged: return changed;
      case Arg::kWrappedKey: return wrapped_key;
      case Arg::kMasterKeyId: return master_key_id;
      case Arg::kIfMatch: return if_match;
    }
    return key;
  }
};

db::Params ParamsFor(const std::vector<Arg>& args, const ArgValues& v) {
  db::Params p;
  for (Arg a : args) p.Add(v.Of(a));
  return p;
}

ArgValues Facts(const BoundTable& t, const RequestContext& ctx, std::string_view key, bool write) {
  ArgValues v;
  v.key = std::string(key);
  if (const core::Principal* p = ctx.principal) {
    v.caller = p->user_id;
    v.scope = t.binding.owner->scope_text(*p, write);
    v.role = p->AuditRole();
  }
  v.request_id = ctx.request.request_id;
  if (!ctx.request.remote_address.empty()) v.ip = ctx.request.remote_address;
  return v;
}

std::string ColumnAad(const Resource& r, const Field& f) {
  return std::string(r.table) + "." + std::string(f.name);
}

// Seals every encrypted field present (and not null) in `body`.
void SealFields(const Binding& b, json& body, const core::MasterKey& key,
                const std::string& row_id) {
  const Resource& r = *b.resource;
  for (const Field& f : r.fields) {
    if (!f.encrypted) continue;
    auto it = body.find(f.name);
    if (it == body.end() || it->is_null()) continue;
    const std::string plain = f.type == FieldType::kJson ? it->dump() : it->get<std::string>();
    *it = b.keys->seal(key, plain, ColumnAad(r, f), row_id);
  }
}

bool HasSealedFields(const Resource& r, const json& body) {
  return std::any_of(r.fields.begin(), r.fields.end(), [&](const Field& f) {
    auto it = body.find(f.name);
    return f.encrypted && it != body.end() && !it->is_null();
  });
}

// Opens the encrypted fields of a rendered row; the rest of the text is
// passed through when nothing is encrypted.
core::Result<std::string> OpenFields(const Binding& b, std::string_view doc_text,
                                     const core::Keyring& keys,
                                     const std::optional<std::string>& wrapped,
                                     const core::MasterKey* known_key = nullptr) {
  const Resource& r = *b.resource;
  if (!r.HasEncryptedFields()) return std::string(doc_text);
  auto parsed = db::ParseDbJson(doc_text);
  if (!parsed) return core::Fail(parsed.error());
  json doc = std::move(*parsed);
  auto row_id_text = db::StringMember(doc, "id");
  auto subject_text = db::StringMember(doc, std::string(b.owner->subject_column));
  if (!row_id_text || !subject_text) {
    return core::Fail(!row_id_text ? row_id_text.error() : subject_text.error());
  }
  const std::string row_id = std::move(*row_id_text);
  const std::string subject = std::move(*subject_text);
  std::optional<core::MasterKey> opened;
  const core::MasterKey* key = known_key;
  for (const Field& f : r.fields) {
    if (!f.encrypted) continue;
    json& v = doc[std::string(f.name)];
    if (v.is_null()) continue;
    if (!v.is_string() || !b.keys->looks_sealed(v.get_ref<const std::string&>())) {
      // The column's own default ([] or {}) on a row never written through
      // this API holds nothing to protect; anything else must be sealed.
      if (!f.default_json.empty() && v == json::parse(f.default_json)) continue;
      return core::Fail(core::Error::Internal("field " + ColumnAad(r, f) + " of row " + row_id +
                                              " is not an envelope"));
    }
    if (key == nullptr) {
      if (!wrapped) {
        return core::Fail(core::Error::Internal("encrypted field " + ColumnAad(r, f) + " of row " +
                                                row_id + " but its subject has no data key"));
      }
      auto k = b.keys->unwrap(keys, *wrapped, subject);
      if (!k) return core::Fail(k.error());
      opened = std::move(*k);
      key = &*opened;
    }

    auto plain = b.keys->open(*key, v.get<std::string>(), ColumnAad(r, f), row_id);
    if (!plain) {
      auto e = plain.error();
      e.internal_detail += " (" + ColumnAad(r, f) + " of row " + row_id + ")";
      return core::Fail(std::move(e));
    }
    if (f.type == FieldType::kJson) {
      v = json::parse(*plain, nullptr, false);
      if (v.is_discarded()) {
        return core::Fail(core::Error::Internal("field " + ColumnAad(r, f) + " of row " + row_id +
                                                " does not hold JSON"));
      }
    } else {
      v = std::move(*plain);
    }
  }
  return doc.dump();
}

core::Error Gone() { return core::Error(core::ErrorCode::kGone, "this record was deleted"); }

core::Error Stale() {
  return core::Error(core::ErrorCode::kPreconditionFailed,
                     "this record changed since the version If-Match names: read it again");
}

// Fills what the service itself writes (the body's server-owned columns).
void FillServiceColumns(const Binding& b, const RequestContext& ctx, json& body) {
  if (b.fill_service_columns != nullptr) b.fill_service_columns(ctx.principal, body);
}

std::string ChangedColumns(const json& body) {
  std::vector<std::string> names;
  for (const auto& [k, v] : body.items()) names.push_back(k);
  return db::ToTextArray(names);
}

core::Result<json> ReadBody(const Resource& r, const RequestContext& ctx, WriteMode mode) {
  return ParseAndValidateBody(r, ctx.request.body, mode);
}

// The data key for writing a subject's encrypted fields, and the id of the
// existing row (if any). kNotFound when the subject is not in scope.
struct WriteKey {
  std::optional<std::string> row_id;
  std::string subject_id;
  core::MasterKey key;
};

core::Result<WriteKey> FetchWriteKey(db::Connection& conn, const BoundTable& t, const ArgValues& v,
                                     const core::Keyring& keys) {
  auto r = conn.Execute(t.statements.write_key.query(), ParamsFor(t.statements.write_key.args, v));
  if (!r) return core::Fail(r.error());
  if (r->rows() == 0) return core::Fail(core::Error::NotFound());
  WriteKey out;
  out.row_id = r->GetOptional(0, 0);
  out.subject_id = std::string(r->Get(0, 1));
  if (r->IsNull(0, 2)) {
    auto k = t.binding.keys->get_or_create(keys, conn, out.subject_id);
    if (!k) return core::Fail(k.error());
    out.key = std::move(*k);
  } else {
    auto k = t.binding.keys->unwrap(keys, r->Get(0, 2), out.subject_id);
    if (!k) return core::Fail(k.error());
    out.key = std::move(*k);
  }
  return out;
}

// The 422 of a failed row check, from a state "invalid:<n>".
core::Error RowCheckFailed(const Binding& b, std::string_view state) {
  std::size_t n = 0;
  for (char c : state.substr(state.find(':') + 1)) n = n * 10 + static_cast<std::size_t>(c - '0');
  if (n == 0 || n > b.row_checks.size()) {
    return core::Error::Internal("row check state " + std::string(state) + " out of range");
  }
  const auto& check = b.row_checks[n - 1];
  return core::Error::InvalidInput("the record would be inconsistent",
                                   {{std::string(check.field), std::string(check.message)}});
}

bool IsInvalid(std::string_view state) { return state.starts_with("invalid:"); }

}  // namespace

std::string PageBody(const std::string& items_json, const std::optional<std::string>& next,
                     std::optional<long long> total) {
  std::string body = R"({"items":)" + items_json + R"(,"next":)" +
                     (next ? json(*next).dump() : std::string("null"));
  if (total) body += R"(,"total":)" + std::to_string(*total);
  return body + "}";
}

const BoundTable& RecordService::Bind(Binding binding, std::string default_sort) {
  // A binding without its domain's hooks is a programming error: refuse it
  // at start-up rather than on the first request.
  const std::string table(binding.resource == nullptr ? "?" : binding.resource->table);
  if (binding.resource == nullptr || binding.owner == nullptr || binding.audit == nullptr) {
    throw std::invalid_argument("records binding of " + table +
                                " lacks its resource, owner or audit");
  }
  if (binding.resource->HasEncryptedFields() &&
      (binding.keys == nullptr || binding.owner->subject_column.empty() ||
       binding.owner->subject_key == nullptr)) {
    throw std::invalid_argument("records binding of " + table +
                                " has encrypted fields but no keys or subject");
  }
  binding.defer_read_audit = binding.audit_reads && read_audit_ != nullptr;
  RecordStatements statements = BuildStatements(binding);
  ListSpec spec = ListSpecFor(*binding.resource, std::move(default_sort));
  tables_.push_back(BoundTable{std::move(binding), std::move(statements), std::move(spec)});
  return tables_.back();
}

core::Result<Response> RecordService::Read(const BoundTable& t, const RequestContext& ctx,
                                           std::string_view key) const {
  if (!core::IsUuid(key)) return core::Fail(core::Error::NotFound());
  const Statement& st = t.statements.read;
  const ArgValues facts = Facts(t, ctx, key, false);
  auto r = [&]() -> core::Result<db::PgResult> {
    // The connection goes back to the pool before any wait for the audit.
    auto conn = pool_.Acquire();
    if (!conn) return core::Fail(conn.error());
    return (*conn)->Execute(st.query(), ParamsFor(st.args, facts));
  }();
  if (!r) return core::Fail(r.error());
  if (r->rows() == 0) return core::Fail(core::Error::NotFound());
  if (r->Get(0, 1) == "t") return core::Fail(Gone());
  if (t.binding.defer_read_audit) {
    // Nothing of the row is answered before its audit row is committed.
    ReadAudit row{.actor_user_id = facts.caller.value_or(""),
                  .actor_role = facts.role.value_or(""),
                  .table_name = std::string(t.binding.resource->table),
                  .row_id = std::string(r->Get(0, 4)),
                  .subject_patient_profile_id = r->GetOptional(0, 5),
                  .request_id = facts.request_id.value_or(""),
                  .ip = facts.ip};
    std::vector<ReadAudit> rows;
    rows.push_back(std::move(row));
    if (auto audited = read_audit_->Record(std::move(rows)); !audited) {
      return core::Fail(audited.error());
    }
  }
  auto doc = OpenFields(t.binding, r->Get(0, 0), keys_, r->GetOptional(0, 2));
  if (!doc) return core::Fail(doc.error());
  Response out = Response::Json(200, std::move(*doc));
  out.version = std::string(r->Get(0, 3));
  return out;
}

core::Result<Response> RecordService::Create(const BoundTable& t, const RequestContext& ctx,
                                             std::string_view key) const {
  if (!core::IsUuid(key)) return core::Fail(core::Error::NotFound());
  auto parsed = http::ParseJsonObject(ctx.request.body);
  if (!parsed) return core::Fail(parsed.error());
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  return CreateIn(**conn, t, ctx, key, *parsed, std::nullopt);
}

core::Result<Response> RecordService::CreateIn(db::Connection& conn, const BoundTable& t,
                                               const RequestContext& ctx, std::string_view key,
                                               const json& object,
                                               const std::optional<std::string>& scope) const {
  if (!core::IsUuid(key)) return core::Fail(core::Error::NotFound());
  const Resource& res = *t.binding.resource;
  auto body = ValidateBody(res, object, WriteMode::kCreate);
  if (!body) return core::Fail(body.error());
  FillServiceColumns(t.binding, ctx, *body);

  ArgValues v = Facts(t, ctx, key, true);
  if (scope) v.scope = *scope;
  v.new_id = core::NewUuidV4();
  v.changed = ChangedColumns(*body);
  std::optional<core::MasterKey> data_key;
  if (res.HasEncryptedFields()) {
    // A row that is its own subject is created with its data key.
    if (t.binding.owner->subject_column == "id") {
      FieldKeys::NewKey fresh = t.binding.keys->new_key(keys_, *v.new_id);
      v.wrapped_key = fresh.wrapped;
      v.master_key_id = fresh.master_key_id;
      data_key = std::move(fresh.key);
    } else {
      auto wk = FetchWriteKey(conn, t, v, keys_);
      if (!wk) return core::Fail(wk.error());
      if (wk->row_id) {
        return core::Fail(core::Error::Conflict("there is one already; change it with PATCH"));
      }
      if (t.binding.before_seal != nullptr) {
        if (auto ok = t.binding.before_seal(conn, *body, wk->subject_id); !ok) {
          return core::Fail(ok.error());
        }
      }
      data_key = std::move(wk->key);
    }
    SealFields(t.binding, *body, *data_key, *v.new_id);
  }
  v.body = body->dump();
  const Statement& st = t.statements.create;
  auto r = conn.Execute(st.query(), ParamsFor(st.args, v));
  if (!r) return core::Fail(r.error());
  if (r->rows() == 0 || r->Get(0, 1) == "missing") return core::Fail(core::Error::NotFound());
  if (IsInvalid(r->Get(0, 1))) return core::Fail(RowCheckFailed(t.binding, r->Get(0, 1)));
  auto doc = OpenFields(t.binding, r->Get(0, 0), keys_, std::nullopt,
                        data_key ? &*data_key : nullptr);
  if (!doc) return core::Fail(doc.error());
  return Response::Json(201, std::move(*doc));
}

core::Result<Response> RecordService::Patch(const BoundTable& t, const RequestContext& ctx,
                                            std::string_view key) const {
  if (!core::IsUuid(key)) return core::Fail(core::Error::NotFound());
  const Resource& res = *t.binding.resource;
  auto body = ReadBody(res, ctx, WriteMode::kPatch);
  if (!body) return core::Fail(body.error());
  FillServiceColumns(t.binding, ctx, *body);

  ArgValues v = Facts(t, ctx, key, true);
  v.changed = ChangedColumns(*body);
  v.if_match = http::IfMatchVersions(ctx.request);
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  std::optional<core::MasterKey> data_key;
  if (HasSealedFields(res, *body)) {
    auto wk = FetchWriteKey(**conn, t, v, keys_);
    if (!wk) return core::Fail(wk.error());
    if (!wk->row_id) return core::Fail(core::Error::NotFound());
    if (t.binding.before_seal != nullptr) {
      if (auto ok = t.binding.before_seal(**conn, *body, wk->subject_id); !ok) {
        return core::Fail(ok.error());
      }
    }
    data_key = std::move(wk->key);
    SealFields(t.binding, *body, *data_key, *wk->row_id);
  }
  v.body = body->dump();
  const Statement& st = t.statements.patch;
  auto r = (*conn)->Execute(st.query(), ParamsFor(st.args, v));
  if (!r) return core::Fail(r.error());
  if (r->rows() == 0) return core::Fail(core::Error::NotFound());
  if (r->Get(0, 1) == "gone") return core::Fail(Gone());
  if (r->Get(0, 1) == "stale") return core::Fail(Stale());
  if (IsInvalid(r->Get(0, 1))) return core::Fail(RowCheckFailed(t.binding, r->Get(0, 1)));
  auto doc = OpenFields(t.binding, r->Get(0, 0), keys_, r->GetOptional(0, 2),
                        data_key ? &*data_key : nullptr);
  if (!doc) return core::Fail(doc.error());
  Response out = Response::Json(200, std::move(*doc));
  out.version = std::string(r->Get(0, 3));
  return out;
}

core::Result<Response> RecordService::Delete(const BoundTable& t, const RequestContext& ctx,
                                             std::string_view key) const {
  if (!core::IsUuid(key)) return core::Fail(core::Error::NotFound());
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  const Statement& st = t.statements.remove;
  ArgValues v = Facts(t, ctx, key, true);
  v.if_match = http::IfMatchVersions(ctx.request);
  auto r = (*conn)->Execute(st.query(), ParamsFor(st.args, v));
  if (!r) return core::Fail(r.error());
  if (r->Get(0, 0) == "0") return core::Fail(core::Error::NotFound());
  if (r->Get(0, 2) != "0") return core::Fail(Stale());
  if (r->Get(0, 1) == "0") return core::Fail(Gone());
  Response out;
  out.status = 204;
  out.content_type.clear();
  return out;
}

core::Result<Response> RecordService::Restore(const BoundTable& t, const RequestContext& ctx,
                                              std::string_view key) const {
  if (!core::IsUuid(key)) return core::Fail(core::Error::NotFound());
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  const Statement& st = t.statements.restore;
  auto r = (*conn)->Execute(st.query(), ParamsFor(st.args, Facts(t, ctx, key, true)));
  if (!r) return core::Fail(r.error());
  if (r->Get(0, 0) == "0") return core::Fail(core::Error::NotFound());
  if (r->Get(0, 1) == "0") return core::Fail(core::Error::Conflict("this record is not deleted"));
  auto doc = OpenFields(t.binding, r->Get(0, 2), keys_, r->GetOptional(0, 3));
  if (!doc) return core::Fail(doc.error());
  Response out = Response::Json(200, std::move(*doc));
  out.version = std::string(r->Get(0, 4));
  return out;
}

core::Result<Response> RecordService::List(const BoundTable& t, const RequestContext& ctx,
                                           std::string_view path, std::string_view parent_column,
                                           std::string_view parent_key) const {
  if (!parent_column.empty() && !core::IsUuid(parent_key)) {
    return core::Fail(core::Error::NotFound());
  }
  auto pairs = http::ReadQuery(ctx.request.query, records::ListQueryRules(t.list_spec));
  if (!pairs) return core::Fail(pairs.error());
  const std::vector<Arg> args = ListArgs(t.binding, !parent_column.empty());
  auto q = ParseListQuery(*pairs, t.list_spec, static_cast<int>(args.size()) + 1);
  if (!q) return core::Fail(q.error());
  ArgValues v = Facts(t, ctx, parent_key, false);
  db::Params params = ParamsFor(args, v);
  for (const auto& p : q->params) params.Add(p);

  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->ExecParams(ListSql(t.binding, *q, parent_column), params);
  if (!r) return core::Fail(r.error());
  const int shown = std::min(r->rows(), q->limit);
  std::string items = "[";
  for (int i = 0; i < shown; ++i) {
    if (i > 0) items += ",";
    items += r->Get(i, 0);
  }
  items += "]";
  std::optional<std::string> next;
  if (r->rows() > q->limit) {
    std::vector<std::string> values;
    for (std::size_t k = 0; k < q->sort.size(); ++k) {
      values.emplace_back(r->Get(shown - 1, static_cast<int>(k) + 1));
    }
    next = std::string(path) + "?" +
           http::BuildQueryString(WithCursor(*pairs, EncodeCursor(values, q->order_signature)));
  }
  // The count statements take the list's own parameters (MatchSql).
  std::optional<long long> total;
  switch (ParsePrefer(ctx.request.HeaderValue("prefer"))) {
    case CountMode::kNone: break;
    case CountMode::kExact: {
      auto c = (*conn)->ExecParams(
          "SELECT count(*) FROM (" + MatchSql(t.binding, *q, parent_column) + ") m", params);
      if (!c) return core::Fail(c.error());
      auto n = db::GetInt64(*c, 0, 0);
      if (!n) return core::Fail(n.error());
      total = *n;
      break;
    }
    case CountMode::kEstimated: {
      auto e = db::EstimateCount(**conn, MatchSql(t.binding, *q, parent_column), params);
      if (!e) return core::Fail(e.error());
      total = *e;
      break;
    }
  }
  return Response::Json(200, PageBody(items, next, total));
}

}  // namespace imedic::records
