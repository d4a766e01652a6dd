// The WhatsApp template registry (issue 12, item 5): what may be sent
// outside the 24-hour window.
//
//   GET   /message-templates        every template (staff who send choose from it)
//   GET   /message-templates/{id}   one, with its version as the ETag
//   POST  /message-templates        register one (message_templates.manage: admins)
//   PATCH /message-templates/{id}   change status, category, body, components (If-Match)
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::messaging {

void RegisterTemplateRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::messaging
