#include "domains/privacy/restriction_routes.hpp"

#include <optional>
#include <string>
#include <utility>

#include "core/uuid.hpp"
#include "domains/privacy/sql/queries.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"
#include "records/common_fields.hpp"

namespace imedic::privacy {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RowKind;
using records::Access;
using records::FieldType;

const records::Resource& ChangeResource() {
  static const records::Resource r{
      .name = "ProcessingRestrictionChange",
      .table = "processing_restrictions",
      .description = "Restrict the processing of a person's data, or release it, with the reason",
      .fields = {
          {.name = "restricted",
           .type = FieldType::kBool,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .description = "true: restrict (no marketing, no scoring, records read-only); "
                          "false: release"},
          {.name = "reason",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 10,
           .max_len = 1000,
           .description = "Why (the dispute, the request); kept in the audit trail"},
      }};
  return r;
}

const records::Resource& StateResource() {
  static const records::Resource r{
      .name = "ProcessingRestriction",
      .table = "processing_restrictions",
      .description = "Whether the processing of a person's data is restricted (GDPR Art. 18)",
      .fields = {
          records::ServerField("user_id", FieldType::kUuid, "The person", false),
          records::ServerField("restricted", FieldType::kBool, "Restricted now", false),
          records::ServerField("reason", FieldType::kString, "Why, while restricted"),
          records::TimeField("restricted_at", "Since when"),
          records::ServerField("restricted_by", FieldType::kUuid, "Who restricted it"),
      }};
  return r;
}

core::Result<std::string> SubjectOf(const RequestContext& ctx) {
  auto id = core::ParseUuid(ctx.params.Get("id"));
  if (!id) return core::Fail(core::Error::NotFound());
  return std::move(*id);
}

core::Result<Response> Get(db::Pool& pool, RequestContext& ctx) {
  auto subject = SubjectOf(ctx);
  if (!subject) return core::Fail(subject.error());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kRestrictionGet, db::Params{*subject});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> Put(db::Pool& pool, RequestContext& ctx) {
  auto subject = SubjectOf(ctx);
  if (!subject) return core::Fail(subject.error());
  auto object = http::ParseJsonObject(ctx.request.body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(ChangeResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  const bool restricted = (*valid)["restricted"].get<bool>();
  const std::string reason = (*valid)["reason"].get<std::string>();
  const core::Principal& who = *ctx.principal;
  std::optional<std::string> ip;
  if (!ctx.request.remote_address.empty()) ip = ctx.request.remote_address;
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kRestrictionSet,
                            db::Params{*subject, restricted, reason, who.user_id, who.AuditRole(),
                                       ctx.request.request_id, ip});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

http::RouteDoc Doc(const records::Resource* input) {
  http::RouteDoc d;
  d.input = input;
  d.output = &StateResource();
  d.response = DocShape::kOne;
  return d;
}

}  // namespace

void RegisterRestrictionRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  router.Add({"GET", "/users/{id}/restriction", [p](RequestContext& ctx) { return Get(*p, ctx); },
              "users.read", "none",
              "Whether the processing of a person's data is restricted (GDPR Art. 18), why "
              "and since when",
              BodyKind::kNone, RowKind::kUser, Doc(nullptr)});
  router.Add({"PUT", "/users/{id}/restriction", [p](RequestContext& ctx) { return Put(*p, ctx); },
              "privacy.restrict", "write",
              "Restrict the processing of a person's data (no marketing, no lead scoring, "
              "medical records read-only) or release it; audited with the reason",
              BodyKind::kJson, RowKind::kUser, Doc(&ChangeResource())});
}

}  // namespace imedic::privacy
