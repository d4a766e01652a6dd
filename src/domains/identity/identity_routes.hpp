// Routes of the identity domain: sign-up and sign-in, sessions, second
// factor, the caller's own account and tokens, and administration of
// users, roles and access scopes.
#pragma once

#include "db/pool.hpp"
#include "domains/identity/identity_service.hpp"
#include "http/router.hpp"

namespace imedic::identity {

RequestMeta MetaFrom(const http::RequestContext& ctx);

void RegisterAuthRoutes(http::Router& router, IdentityService& service, db::Pool& pool);
void RegisterAdminRoutes(http::Router& router, IdentityService& service, db::Pool& pool);

}  // namespace imedic::identity
