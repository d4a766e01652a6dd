#include "app/keys.hpp"

#include "core/log.hpp"

namespace imedic::app {

core::Result<core::Keyring> LoadKeyring(const core::Config& config) {
  if (config.master_key) return core::Keyring::FromBase64(config.master_key_id, *config.master_key);
  bool created = false;
  auto ring = core::Keyring::LoadOrCreateFile(config.KeyFile(), &created);
  if (ring && created) {
    core::log::Warn("master_key_created")
        .Str("file", config.KeyFile())
        .Str("action",
             "BACK UP THIS FILE: without it encrypted data and the audit chain "
             "cannot be read; in production set IMEDIC_MASTER_KEY instead")
        .Emit();
  }
  return ring;
}

}  // namespace imedic::app
