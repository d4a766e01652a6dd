#include "domains/identity/auth_bodies.hpp"

#include "domains/privacy/consent_resources.hpp"
#include "records/common_fields.hpp"

namespace imedic::identity::auth_bodies {

namespace {

DeclaredField Email() {
  return {.name = "email",
          .required = true,
          .nullable = false,
          .min_len = 1,
          .max_len = 254,
          .format = Format::kEmail,
          .description = "The account's email address (case does not matter)."};
}

DeclaredField Text(std::string_view name, bool required, std::size_t min_len, std::size_t max_len,
                   std::string_view description = {}) {
  return {.name = name,
          .required = required,
          .nullable = !required,
          .min_len = min_len,
          .max_len = max_len,
          .description = description};
}

// A password being set: the length here, the other rules by CheckNewPassword.
DeclaredField NewPassword(std::string_view name) {
  return Text(name, true, 10, 256,
              "At least 10 characters, not one character repeated nor a commonly used "
              "password.");
}

DeclaredField Code() { return Text("code", true, 1, 12, "The code that was sent."); }

DeclaredField OtpCode() {
  return Text("otp_code", false, 0, 10,
              "The current TOTP code, when the account has a second factor.");
}

DeclaredField RecoveryCode() {
  return Text("recovery_code", false, 0, 40, "A one-time recovery code, instead of otp_code.");
}

}  // namespace

const Declaration& PatientRegistration() {
  static const Declaration d{
      .name = "PatientRegistration",
      .description = "A new patient account.",
      .fields = {Email(),
                 NewPassword("password"),
                 Text("first_name", true, 1, 100),
                 Text("last_name", true, 1, 100),
                 {.name = "phone_number",
                  .max_len = 32,
                  .format = Format::kE164,
                  .description = "Mobile number for SMS and WhatsApp."},
                 Text("preferred_language", false, 0, 35, "Defaults to en."),
                 Text("timezone", false, 0, 64,
                      "An IANA time zone (UTC or Area/Location); defaults to UTC."),
                 {.name = "consents",
                  .type = FieldType::kJson,
                  .access = Access::kCreateOnly,
                  .shape = privacy::CheckRegistrationConsents,
                  .shape_schema = privacy::RegistrationConsentsSchema,
                  .description = "Consents given on the registration form, recorded with the "
                                 "account: purpose, text_version, text_sha256 of the text "
                                 "shown, channel (web or app). docs/privacy.md."}}};
  return d;
}

const Declaration& EmailVerification() {
  static const Declaration d{.name = "EmailVerification",
                             .description = "The code sent to the address.",
                             .fields = {Email(), Code()}};
  return d;
}

const Declaration& PasswordSignIn() {
  static const Declaration d{
      .name = "PasswordSignIn",
      .description = "Email and password, with the second factor when the account has one.",
      .fields = {Email(), Text("password", true, 1, 256), OtpCode(), RecoveryCode()}};
  return d;
}

const Declaration& IdTokenSignIn() {
  static const Declaration d{
      .name = "IdTokenSignIn",
      .description = "A provider's ID token; a new account also needs a name.",
      .fields = {Text("id_token", true, 1, 8192, "The provider's signed ID token (a JWT)."),
                 Text("first_name", false, 1, 100, "Needed when this creates the account."),
                 Text("last_name", false, 1, 100, "Needed when this creates the account."),
                 OtpCode(), RecoveryCode()}};
  return d;
}

const Declaration& PhoneVerification() {
  static const Declaration d{
      .name = "PhoneVerification", .description = "The code sent by SMS.", .fields = {Code()}};
  return d;
}

const Declaration& PasswordForgotten() {
  static const Declaration d{.name = "PasswordForgotten",
                             .description = "The address to send a reset code to.",
                             .fields = {Email()}};
  return d;
}

const Declaration& PasswordReset() {
  static const Declaration d{.name = "PasswordReset",
                             .description = "The reset code and the new password.",
                             .fields = {Email(), Code(), NewPassword("new_password")}};
  return d;
}

const Declaration& InvitationAcceptance() {
  static const Declaration d{
      .name = "InvitationAcceptance",
      .description = "The invitation token from the email and the password to set.",
      .fields = {Text("token", true, 1, 200, "The token the invitation email carried."),
                 NewPassword("new_password")}};
  return d;
}

const Declaration& PasswordChange() {
  static const Declaration d{
      .name = "PasswordChange",
      .description = "The current password and the new one.",
      .fields = {Text("current_password", true, 1, 256), NewPassword("new_password")}};
  return d;
}

const Declaration& TotpConfirmation() {
  static const Declaration d{.name = "TotpConfirmation",
                             .description = "A first code from the authenticator app.",
                             .fields = {Text("code", true, 6, 10, "The current TOTP code.")}};
  return d;
}

const Declaration& Accepted() {
  static const Declaration d{
      .name = "Accepted",
      .description = "Accepted; what follows arrives by email or SMS.",
      .fields = {records::ServerEnum("status", {"accepted"}, ""),
                 records::ServerField("message", FieldType::kString, "", false)}};
  return d;
}

const Declaration& Verified() {
  static const Declaration d{.name = "Verified",
                             .fields = {records::ServerEnum("status", {"verified"}, "")}};
  return d;
}

const Declaration& SessionGrant() {
  static const Declaration d{
      .name = "SessionGrant",
      .description = "A session token, shown only this once.",
      .fields = {
          records::ServerField("token", FieldType::kString, "The session token (imd_s_…).", false),
          records::ServerEnum("token_type", {"Bearer"}, ""),
          records::ServerField("session_id", FieldType::kUuid, "", false),
          records::ServerField("expires_at", FieldType::kTimestamp, "The session's latest end.",
                               false),
          records::ServerField("mfa_enrollment_required", FieldType::kBool,
                               "The account must enrol a second factor before anything else.",
                               false)}};
  return d;
}

const Declaration& SignedOut() {
  static const Declaration d{.name = "SignedOut",
                             .fields = {records::ServerEnum("status", {"signed_out"}, "")}};
  return d;
}

const Declaration& SessionsEnded() {
  static const Declaration d{.name = "SessionsEnded",
                             .fields = {records::ServerField("sessions_ended", FieldType::kInt,
                                                             "How many sessions ended.", false)}};
  return d;
}

const Declaration& PasswordResetDone() {
  static const Declaration d{.name = "PasswordResetDone",
                             .fields = {records::ServerEnum("status", {"password_reset"}, "")}};
  return d;
}

const Declaration& InvitationAccepted() {
  static const Declaration d{
      .name = "InvitationAccepted",
      .description = "The account is claimed: its password is set and its email verified.",
      .fields = {records::ServerEnum("status", {"account_claimed"}, ""),
                 records::ServerField("user_id", records::FieldType::kUuid, "The account", false)}};
  return d;
}

const Declaration& PasswordChanged() {
  static const Declaration d{.name = "PasswordChanged",
                             .description = "Every session and API token of the account has ended.",
                             .fields = {records::ServerEnum("status", {"password_changed"}, ""),
                                        records::ServerEnum("sessions", {"ended"}, "")}};
  return d;
}

const Declaration& TotpSecret() {
  static const Declaration d{
      .name = "TotpSecret",
      .description = "A new TOTP secret, enabled once confirmed with a first code.",
      .fields = {
          records::ServerField("secret", FieldType::kString, "Base32, for manual entry.", false),
          records::ServerField("otpauth_uri", FieldType::kString, "otpauth:// URI, for a QR code.",
                               false)}};
  return d;
}

const Declaration& TotpEnabled() {
  static const Declaration d{
      .name = "TotpEnabled",
      .fields = {records::ServerEnum("status", {"enabled"}, ""),
                 records::ServerField("recovery_codes", FieldType::kStringArray,
                                      "One-time recovery codes, shown only this once.", false)}};
  return d;
}

const Declaration& Me() {
  static const Declaration d{
      .name = "Me",
      .description = "The signed-in account, its profile, roles and permissions.",
      .fields = {records::ServerField("id", FieldType::kUuid, "", false),
                 records::ServerField("email", FieldType::kString, "", false),
                 records::ServerField("phone_number", FieldType::kString, "", true),
                 records::ServerField("user_type", FieldType::kString, "", false),
                 records::ServerField("status", FieldType::kString, "", false),
                 records::ServerField("email_verified", FieldType::kBool, "", true),
                 records::ServerField("phone_verified", FieldType::kBool, "", true),
                 records::ServerField("auth_provider", FieldType::kString,
                                      "email, google, facebook or apple.", false),
                 records::ServerField("created_at", FieldType::kTimestamp, "", false),
                 records::ServerField("last_login_at", FieldType::kTimestamp, "", true),
                 records::ServerField("profile", FieldType::kJson,
                                      "first_name, last_name, date_of_birth, gender, nationality, "
                                      "preferred_language, timezone.",
                                      true),
                 records::ServerField("roles", FieldType::kStringArray, "", false),
                 records::ServerField("mfa_enabled", FieldType::kBool, "", false),
                 records::ServerField("permissions", FieldType::kStringArray, "", false),
                 records::ServerField("patient_profile_id", FieldType::kUuid, "", true)}};
  return d;
}

}  // namespace imedic::identity::auth_bodies
