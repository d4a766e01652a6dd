// Data export over HTTP (issue 14, item 3; docs/privacy.md, "Export").
//
//   POST /me/export                 (authenticated)   queue an export of the caller's data
//   POST /users/{id}/export         (privacy.export)  queue one on a person's behalf
//   GET  /me/exports                (authenticated)   the caller's export requests
//   GET  /exports/{id}              (authenticated)   one request, with its link while ready
//   GET  /exports/{id}/download?token=…  (authenticated)  the archive (a tar), audited
//
// Who may export whom: everyone has the right of access to their own data
// (/me/export). Exporting someone else needs privacy.export AND users.read
// (the privacy officer, admins): patients hold privacy.export for
// themselves (migration 0010), so for them /users/{id}/export reaches only
// their own id, and anyone else's answers 404 like a user that does not
// exist. A request is seen by its subject, by whoever asked for it and by
// those who may export anyone; others get 404.
//
// Both POSTs are idempotent while a request is open: the open one is the
// answer (202 either way). Every new request and every download writes its
// audit row in the statement that makes it.
#pragma once

#include <string>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::exports {

void RegisterExportRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                          std::string files_dir);

}  // namespace imedic::exports
