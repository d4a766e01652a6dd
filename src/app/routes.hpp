// The ONE route table: every endpoint with its handler, permission and
// audit tag. Adding an endpoint means adding a row here.
#pragma once

#include "http/router.hpp"

namespace imedic::app {

struct Services;

// Registers every route of the application on the router.
void RegisterRoutes(http::Router& router, Services& services);

}  // namespace imedic::app
