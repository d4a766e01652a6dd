// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), HMAC-SHA1 as every
// authenticator app supports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace imedic::core {

// A fresh shared secret: 20 raw CSPRNG bytes (160 bits, RFC 4226's recommended length).
// Store it encrypted; show it once as OtpauthUri()/Base32Encode().
std::string NewTotpSecret();

// The code for `unix_time`: HOTP(secret, floor(unix_time / step)) as `digits` decimal digits,
// zero-padded. Throws std::invalid_argument unless 6 ≤ digits ≤ 9 and step > 0.
std::string TotpCode(std::string_view secret, std::int64_t unix_time, int digits = 6,
                     int step = 30);

// Checks a 6-digit code typed by the user against the 30-second steps t-1, t and t+1 (clock
// drift and typing time). Anything but exactly six ASCII digits is refused. Returns the
// matched time step, or nullopt. Steps ≤ `min_step_exclusive` are not accepted: the caller
// stores the last accepted step and passes it here, so an observed code cannot be replayed.
// Candidates are compared in constant time.
std::optional<std::int64_t> VerifyTotp(
    std::string_view secret, std::string_view code, std::int64_t unix_time,
    std::optional<std::int64_t> min_step_exclusive = std::nullopt);

// The Key URI authenticator apps scan as a QR code:
// otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30
// with issuer and account percent-encoded (RFC 3986 unreserved characters kept).
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// The additional data that binds a TOTP secret sealed with the master keyring
// (core::Seal, user_credentials.totp_secret_sealed) to its account, so a sealed
// secret copied onto another account does not open.
std::string TotpSealContext(std::string_view user_id);

}  // namespace imedic::core
