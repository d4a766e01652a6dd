// Users' profiles through the records engine (/users/{id}/profile for staff,
// /me/profile for everyone signed in, /user-profiles lists), and a user's
// identity and contact data (/users/{id}).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"
#include "records/record_service.hpp"

namespace imedic::identity {

// The binding of user_profiles: one row per user; a user sees and changes
// their own, holders of users.read / users.manage everyone's.
records::Binding UserProfileBinding();

void RegisterProfileRoutes(http::Router& router, db::Pool& pool, records::RecordService& records);

}  // namespace imedic::identity
