#include "records/record_routes.hpp"

namespace imedic::records {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;

core::Result<Response> Run(const RecordService& records, const BoundTable& t, Op op,
                           const RequestContext& ctx, std::string_view key) {
  switch (op) {
    case Op::kRead: return records.Read(t, ctx, key);
    case Op::kCreate: return records.Create(t, ctx, key);
    case Op::kPatch: return records.Patch(t, ctx, key);
    case Op::kDelete: return records.Delete(t, ctx, key);
    case Op::kRestore: return records.Restore(t, ctx, key);
  }
  return core::Fail(core::Error::Internal("unknown record operation"));
}

http::Handler ById(const RecordService& records, const BoundTable& t, Op op) {
  return [&records, &t, op](RequestContext& ctx) {
    return Run(records, t, op, ctx, ctx.params.Get("id"));
  };
}

http::Handler Own(const RecordService& records, const BoundTable& t, Op op, OwnKey own_key) {
  return [&records, &t, op, own_key](RequestContext& ctx) -> core::Result<Response> {
    auto key = own_key(ctx, op);
    if (!key) return core::Fail(key.error());
    return Run(records, t, op, ctx, *key);
  };
}

RouteDoc Doc(const BoundTable& t, Op op) {
  const Resource* r = t.binding.resource;
  switch (op) {
    case Op::kRead: return {r, DocShape::kNone, DocShape::kOne, 200};
    case Op::kCreate: return {r, DocShape::kCreate, DocShape::kOne, 201};
    case Op::kPatch:
      return {.resource = r,
              .request = DocShape::kPatch,
              .response = DocShape::kOne,
              .status = 200,
              .if_match = true};
    case Op::kDelete:
      return {.resource = r,
              .request = DocShape::kNone,
              .response = DocShape::kNone,
              .status = 204,
              .if_match = true};
    case Op::kRestore: return {r, DocShape::kNone, DocShape::kOne, 200};
  }
  return {};
}

BodyKind BodyOf(Op op) {
  return op == Op::kCreate || op == Op::kPatch ? BodyKind::kJson : BodyKind::kNone;
}

const char* MethodOf(Op op) {
  switch (op) {
    case Op::kRead: return "GET";
    case Op::kCreate: return "POST";
    case Op::kPatch: return "PATCH";
    case Op::kDelete: return "DELETE";
    case Op::kRestore: return "POST";
  }
  return "GET";
}

const char* AuditOf(Op op, bool sensitive) {
  if (op == Op::kRead) return sensitive ? "read" : "none";
  return "write";
}

}  // namespace

namespace {

http::AccessChange AccessChangeOf(const RecordRoutes& spec, Op op) {
  return spec.access_change == nullptr ? http::AccessChange::kNone : spec.access_change(op);
}

}  // namespace

void AddRecordRoutes(http::Router& router, const RecordService& records, const BoundTable& t,
                     const RecordRoutes& spec) {
  const bool sensitive = t.binding.audit_reads;
  struct Step {
    Op op;
    const char* what;
  };
  const Step ops[] = {{Op::kRead, "Read"},
                      {Op::kCreate, "Create"},
                      {Op::kPatch, "Change (JSON merge patch)"},
                      {Op::kDelete, "Delete (restorable)"}};
  for (const Step& s : ops) {
    if (s.op == Op::kCreate && !spec.create_by_id) continue;
    router.Add({MethodOf(s.op), spec.base, ById(records, t, s.op),
                s.op == Op::kRead ? spec.read_permission : spec.write_permission,
                AuditOf(s.op, sensitive), std::string(s.what) + " " + spec.noun, BodyOf(s.op),
                spec.row, Doc(t, s.op)})
        << AccessChangeOf(spec, s.op);
  }
  router.Add({"POST", spec.base + "/restore", ById(records, t, Op::kRestore),
              spec.restore_permission, "write", "Restore a deleted " + spec.noun, BodyKind::kNone,
              spec.row, Doc(t, Op::kRestore)})
      << AccessChangeOf(spec, Op::kRestore);
  if (spec.me_path.empty()) return;
  for (Op op : {Op::kRead, Op::kCreate, Op::kPatch}) {
    std::string permission = op == Op::kRead ? spec.read_permission : spec.write_permission;
    if (!spec.me_permission.empty()) permission = spec.me_permission;
    router.Add({MethodOf(op), spec.me_path, Own(records, t, op, spec.own_key), permission,
                AuditOf(op, sensitive),
                std::string(op == Op::kRead     ? "Read"
                            : op == Op::kCreate ? "Create"
                                                : "Change") +
                    " the caller's own " + spec.noun,
                BodyOf(op), http::RowKind::kNone, Doc(t, op)})
        << AccessChangeOf(spec, op);
  }
}

core::Result<http::Response> ReadOne(db::Pool& pool, const db::Query& query,
                                     const db::Params& params) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(query, params);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

}  // namespace imedic::records
