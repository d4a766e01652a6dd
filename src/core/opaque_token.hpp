// Secrets handed to people and clients: bearer tokens, recovery codes, verification codes.
// The database only ever stores TokenHash() of them, so a leaked table grants nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imedic::core {

// `prefix` followed by base64url (no padding) of 32 CSPRNG bytes (256 bits), e.g.
// NewOpaqueToken("imd_s_") → "imd_s_" + 43 characters. The prefix names the token kind so
// leaked tokens can be recognised by secret scanners and log reviews.
std::string NewOpaqueToken(std::string_view prefix);

// Lower-case hex (64 characters) of the unkeyed BLAKE2b-256 of the token. Tokens carry 256
// bits of entropy, so a fast hash is enough: there is nothing to brute-force. Also used for
// recovery and numeric codes after NormalizeRecoveryCode(); those are short, so their rows
// must be guarded by attempt limits, not by the hash.
std::string TokenHash(std::string_view token);

// `count` (≤ 0 gives none) recovery codes shaped "xxxx-xxxx-xxxx": 12 characters of the
// Crockford base32 alphabet (0-9 a-z without i, l, o, u), 5 bits each, 60 bits per code.
// Store TokenHash(NormalizeRecoveryCode(code)); show the codes to the user once.
std::vector<std::string> NewRecoveryCodes(int count);

// The canonical form of a typed recovery code: ASCII lower-case, spaces, tabs and dashes
// removed, and the letters the alphabet leaves out read as the digits they resemble (o → 0,
// i and l → 1), so "K7QM 2XVD 9P4T" and "k7qm-2xvd-9p4t" match.
std::string NormalizeRecoveryCode(std::string_view input);

// `digits` uniformly random decimal digits (leading zeros kept), for email/SMS verification
// codes. Throws std::invalid_argument unless 1 ≤ digits ≤ 64.
std::string NewNumericCode(int digits);

}  // namespace imedic::core
