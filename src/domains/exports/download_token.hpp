// The token of an export's download link (GET /exports/{id}/download?token=…).
//
// A signature, not a stored secret: HMAC-SHA256, under a key derived from a
// master key of the keyring, over the export's id and the instant its
// archive expires. So the link can be shown again on every read of the
// request (nothing to store, nothing to leak from the database), it names
// one archive only, and it dies with the archive: the instant is read from
// the row at download, and a row whose expires_at has passed answers 410
// whatever the token. Format "<master key id>.<64 hex>".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/keyring.hpp"

namespace imedic::exports {

// The token for export `id` expiring at `expires_unix`, under the active key.
std::string IssueDownloadToken(const core::Keyring& keys, std::string_view id,
                               std::int64_t expires_unix);

// True when `token` is IssueDownloadToken's for these values under a key of
// the ring (a rotated key still verifies until the archive expires).
bool CheckDownloadToken(const core::Keyring& keys, std::string_view token, std::string_view id,
                        std::int64_t expires_unix);

}  // namespace imedic::exports
