#include "domains/marketing/lead_routes.hpp"

#include "core/uuid.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "records/record_routes.hpp"

namespace imedic::marketing {

void RegisterLeadRoutes(http::Router& router, db::Pool& pool) {
  router.Add({"GET", "/leads/{id}",
              [&pool](http::RequestContext& ctx) -> core::Result<http::Response> {
                std::string_view id = ctx.params.Get("id");
                if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
                return records::ReadOne(pool, sql::kReadLead,
                                        db::Params{id, ctx.principal->user_id,
                                                   core::ScopeName(ctx.principal->lead_scope)});
              },
              "leads.read", "none", "A lead within the caller's lead scope", http::BodyKind::kNone,
              http::RowKind::kLead});
}

}  // namespace imedic::marketing
