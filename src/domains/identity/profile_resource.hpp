// The users' profiles resource of the identity domain.
#pragma once

#include "records/resource.hpp"

namespace imedic::identity {

const records::Resource& UserProfileResource();

}  // namespace imedic::identity
