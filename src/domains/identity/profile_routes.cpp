#include "domains/identity/profile_routes.hpp"

#include "core/uuid.hpp"
#include "domains/identity/profile_resource.hpp"
#include "domains/identity/record_hooks.hpp"
#include "domains/identity/sql/queries.hpp"
#include "domains/privacy/record_hooks.hpp"
#include "records/record_routes.hpp"

namespace imedic::identity {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using records::Arg;
using records::Placeholder;

// A row of a user is theirs, or anyone's for callers whose scope is "all".
std::string UserScope(std::vector<Arg>& args, std::string_view alias, bool /*for_write*/) {
  const std::string caller = Placeholder(args, Arg::kCaller);
  const std::string scope = Placeholder(args, Arg::kScope);
  return "(" + std::string(alias) + ".user_id = " + caller + "::uuid OR " + scope +
         "::text = 'all')";
}

std::string UserScopeText(const core::Principal& caller, bool write) {
  return caller.Has(write ? "users.manage" : "users.read") ? "all" : "self";
}

const records::RowOwner kUserOwner{.scope_condition = UserScope,
                                   .create_guard = LiveUserInScope,
                                   .scope_text = UserScopeText,
                                   .parent_column = "user_id"};

core::Result<std::string> CallerUserId(const RequestContext& ctx, records::Op /*op*/) {
  return ctx.principal->user_id;
}

}  // namespace

records::Binding UserProfileBinding() {
  return records::Binding{.resource = &UserProfileResource(),
                          .owner = &kUserOwner,
                          .audit = privacy::RecordAuditSql,
                          .key_column = "user_id"};
}

void RegisterProfileRoutes(http::Router& router, db::Pool& pool, records::RecordService& records) {
  const records::BoundTable& profiles = records.Bind(UserProfileBinding());
  router.Add({"GET", "/user-profiles",
              [&records, &profiles](RequestContext& ctx) {
                return records.List(profiles, ctx, "/user-profiles");
              },
              "users.read", "none", "List users' profiles (filters, sorting, pages)",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{profiles.binding.resource, DocShape::kNone, DocShape::kPage, 200}});
  records::AddRecordRoutes(router, records, profiles,
                           {.base = "/users/{id}/profile",
                            .row = RowKind::kUser,
                            .read_permission = "users.read",
                            .write_permission = "users.manage",
                            .restore_permission = "records.restore",
                            .noun = "user profile",
                            .me_path = "/me/profile",
                            .own_key = CallerUserId,
                            .me_permission = http::kAuthenticated});
  router.Add({"GET", "/users/{id}",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                std::string_view id = ctx.params.Get("id");
                if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
                return records::ReadOne(pool, sql::kReadUserContact, db::Params{id});
              },
              "users.read", "none", "A user's identity and contact data", BodyKind::kNone,
              RowKind::kUser});
}

}  // namespace imedic::identity
