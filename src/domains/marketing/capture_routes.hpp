// The public lead form: GET /leads/capture/token and POST /leads/capture,
// with no sign-in, callable from the marketing sites' origins.
#pragma once

#include <string>
#include <vector>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

// `origins`: the sites allowed to call both routes from a browser
// (IMEDIC_LEAD_ORIGINS).
void RegisterCaptureRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                           const std::vector<std::string>& origins);

}  // namespace imedic::marketing
