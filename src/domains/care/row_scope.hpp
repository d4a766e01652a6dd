// A bad request on a row the caller cannot see is answered 404 like every
// other request on it, so no answer tells an unseen row from a missing one
// (the access matrix checks this for every scoped route).
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "domains/care/care_caller.hpp"

namespace imedic::care {

// What a route's {id} names, for the scope lookup.
enum class ScopedRow { kBooking, kConsultation };

// `invalid` (the body's refusal) when the row is in the caller's scope,
// NotFound when it is not. The scope is looked up on this error path only:
// a valid request keeps its one round trip, its statement checking the
// scope itself.
core::Error UnlessOutOfScope(db::Pool& pool, ScopedRow row, std::string_view id,
                             const Caller& caller, core::Error invalid);

}  // namespace imedic::care
