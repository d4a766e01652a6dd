// Where the master keys come from: IMEDIC_MASTER_KEY (one key, typical in
// production from a secret store), else the key file (created on first run
// with a loud warning: that file now guards the data and must be backed up).
#pragma once

#include "core/config.hpp"
#include "core/keyring.hpp"

namespace imedic::app {

core::Result<core::Keyring> LoadKeyring(const core::Config& config);

}  // namespace imedic::app
