// What the identity domain lends other domains' record bindings.
#pragma once

#include <string>
#include <vector>

#include "records/hooks.hpp"

namespace imedic::identity {

// The condition that the user the path id ($key) names is live and is the
// caller, or the caller's scope ($scope) is "all": the create guard of
// one-per-user records (a user's profile, a patient's profile).
std::string LiveUserInScope(std::vector<records::Arg>& args);

}  // namespace imedic::identity
