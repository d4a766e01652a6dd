// Sign-up, sign-in, sessions, passwords and the second factor, and GET /me:
// each route reads its declared body (auth_bodies), calls its capability's
// service and answers; the declarations document body and answer.
#include <cctype>

#include <nlohmann/json.hpp>

#include "db/typed_get.hpp"
#include "domains/identity/auth_bodies.hpp"
#include "domains/identity/identity_routes.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RowKind;
using Json = nlohmann::json;
namespace bodies = auth_bodies;

SecondFactor FactorFields(const Json& body) {
  return {OptionalString(body, "otp_code"), OptionalString(body, "recovery_code")};
}

Response GrantResponse(const SessionGrant& g) {
  Json body = {{"token", g.token},
               {"token_type", "Bearer"},
               {"session_id", g.session_id},
               {"expires_at", g.expires_at},
               {"mfa_enrollment_required", g.mfa_enrollment_required}};
  return Response::Json(200, body.dump());
}

Response Accepted(std::string message) {
  return Response::Json(202, Json{{"status", "accepted"}, {"message", std::move(message)}}.dump());
}

bool IsIanaZoneLike(std::string_view tz) {
  // Full validation against the zone database comes with the records API;
  // here: "UTC" or Area/Location made of safe characters.
  if (tz == "UTC") return true;
  if (tz.find('/') == std::string_view::npos || tz.size() > 64) return false;
  for (char c : tz) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
          c == '+')) {
      return false;
    }
  }
  return true;
}

void CheckRegistration(const Json& body, std::vector<core::FieldError>& errors) {
  CheckNewPassword(body, "password", errors);
  auto tz = OptionalString(body, "timezone");
  if (tz && !Names(errors, "timezone") && !IsIanaZoneLike(*tz)) {
    errors.push_back({"timezone", "is not an IANA time zone"});
  }
}

void CheckNewPasswordField(const Json& body, std::vector<core::FieldError>& errors) {
  CheckNewPassword(body, "new_password", errors);
}

}  // namespace

RequestMeta MetaFrom(const http::RequestContext& ctx) {
  RequestMeta m;
  m.request_id = ctx.request.request_id;
  if (!ctx.request.remote_address.empty()) m.ip = ctx.request.remote_address;
  std::string_view ua = ctx.request.HeaderValue("user-agent");
  if (!ua.empty()) m.user_agent = std::string(ua.substr(0, 512));
  return m;
}

void RegisterAuthRoutes(http::Router& router, IdentityService& identity, db::Pool& pool) {
  RegistrationService& registration = identity.registration();
  SessionService& sessions = identity.sessions();
  SecondFactorService& second_factor = identity.second_factor();
  PasswordService& passwords = identity.passwords();
  ExternalIdentityService& external = identity.external();

  router.Add({"POST", "/auth/register",
              [&registration](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::PatientRegistration(),
                                     CheckRegistration);
                if (!body) return core::Fail(body.error());
                Registration r;
                r.email = (*body)["email"];
                r.phone = OptionalString(*body, "phone_number");
                r.password = (*body)["password"];
                r.first_name = (*body)["first_name"];
                r.last_name = (*body)["last_name"];
                if (auto lang = OptionalString(*body, "preferred_language")) {
                  r.preferred_language = *lang;
                }
                if (auto tz = OptionalString(*body, "timezone")) r.timezone = *tz;
                if (auto c = body->find("consents"); c != body->end() && c->is_array()) {
                  r.consents_json = c->dump();
                }
                auto res = registration.Register(r, MetaFrom(ctx));
                if (!res) return core::Fail(res.error());
                return Accepted("check your email for a verification code");
              },
              http::kPublic, "write", "Register a patient account (answers alike for taken emails)",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::PatientRegistration(), bodies::Accepted(), 202)})
      << http::kHashesPasswords;

  router.Add({"POST", "/auth/verify-email",
              [&registration](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::EmailVerification());
                if (!body) return core::Fail(body.error());
                auto r = registration.VerifyEmail((*body)["email"], (*body)["code"], MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"verified"})");
              },
              http::kPublic, "write", "Verify an email address with the code sent to it",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::EmailVerification(), bodies::Verified(), 200)});

  router.Add({"POST", "/auth/login",
              [&sessions](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::PasswordSignIn());
                if (!body) return core::Fail(body.error());
                auto g = sessions.Login((*body)["email"], (*body)["password"], FactorFields(*body),
                                        MetaFrom(ctx));
                if (!g) return core::Fail(g.error());
                return GrantResponse(*g);
              },
              http::kPublic, "write", "Sign in with email and password (+ second factor)",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::PasswordSignIn(), bodies::SessionGrant(), 200)})
      << http::kHashesPasswords << http::Documents{401, 429};

  router.Add({"POST", "/auth/external/{provider}",
              [&external](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::IdTokenSignIn());
                if (!body) return core::Fail(body.error());
                auto g = external.LoginWithIdToken(
                    std::string(ctx.params.Get("provider")), (*body)["id_token"],
                    OptionalString(*body, "first_name"), OptionalString(*body, "last_name"),
                    FactorFields(*body), MetaFrom(ctx));
                if (!g) return core::Fail(g.error());
                return GrantResponse(*g);
              },
              http::kPublic, "write", "Sign in with a Google, Facebook or Apple ID token",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::IdTokenSignIn(), bodies::SessionGrant(), 200)})
      << http::Documents{401, 429};

  router.Add({"POST", "/auth/refresh",
              [&sessions](RequestContext& ctx) -> core::Result<Response> {
                auto g = sessions.Refresh(*ctx.principal, MetaFrom(ctx));
                if (!g) return core::Fail(g.error());
                return GrantResponse(*g);
              },
              http::kAuthenticatedPreMfa, "write", "Replace the session token with a new one",
              BodyKind::kNone, RowKind::kNone, CommandDoc(nullptr, bodies::SessionGrant(), 200)})
      << http::AccessChange::kCaller;

  router.Add({"POST", "/auth/logout",
              [&sessions](RequestContext& ctx) -> core::Result<Response> {
                auto r = sessions.Logout(*ctx.principal, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"signed_out"})");
              },
              http::kAuthenticatedPreMfa, "write", "End this session", BodyKind::kNone,
              RowKind::kNone, CommandDoc(nullptr, bodies::SignedOut(), 200)})
      << http::AccessChange::kCaller;

  router.Add({"POST", "/auth/logout-all",
              [&sessions](RequestContext& ctx) -> core::Result<Response> {
                auto n = sessions.LogoutEverywhere(*ctx.principal, MetaFrom(ctx));
                if (!n) return core::Fail(n.error());
                return Response::Json(200, Json{{"sessions_ended", *n}}.dump());
              },
              http::kAuthenticatedPreMfa, "write", "End every session of this account",
              BodyKind::kNone, RowKind::kNone, CommandDoc(nullptr, bodies::SessionsEnded(), 200)})
      << http::AccessChange::kCaller;

  // 409 when the account has no unverified phone number.
  router.Add({"POST", "/auth/phone/verification",
              [&registration](RequestContext& ctx) -> core::Result<Response> {
                auto r = registration.StartPhoneVerification(*ctx.principal, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Accepted("a code is on its way by SMS");
              },
              http::kAuthenticated, "write", "Send a verification code to the account's phone",
              BodyKind::kNone, RowKind::kNone,
              CommandDoc(nullptr, bodies::Accepted(), 202, DocShape::kOne, true)});

  router.Add({"POST", "/auth/phone/verify",
              [&registration](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::PhoneVerification());
                if (!body) return core::Fail(body.error());
                auto r = registration.VerifyPhone(*ctx.principal, (*body)["code"], MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"verified"})");
              },
              http::kAuthenticated, "write", "Verify the account's phone with the SMS code",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::PhoneVerification(), bodies::Verified(), 200)});

  router.Add({"POST", "/auth/password/forgot",
              [&passwords](RequestContext& ctx) -> core::Result<Response> {
                auto body = ReadBody(ctx.request.body, bodies::PasswordForgotten());
                if (!body) return core::Fail(body.error());
                auto r = passwords.ForgotPassword((*body)["email"], MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Accepted("if the account exists, a reset code is on its way");
              },
              http::kPublic, "write", "Send a password reset code (answers alike for any email)",
              BodyKind::kJson, RowKind::kNone,
              CommandDoc(&bodies::PasswordForgotten(), bodies::Accepted(), 202)});

  router.Add(
      {"POST", "/auth/password/reset",
       [&passwords](RequestContext& ctx) -> core::Result<Response> {
         auto body = ReadBody(ctx.request.body, bodies::PasswordReset(), CheckNewPasswordField);
         if (!body) return core::Fail(body.error());
         auto r = passwords.ResetPassword((*body)["email"], (*body)["code"],
                                          (*body)["new_password"], MetaFrom(ctx));
         if (!r) return core::Fail(r.error());
         return Response::Json(200, R"({"status":"password_reset"})");
       },
       http::kPublic, "write", "Set a new password with a reset code", BodyKind::kJson,
       RowKind::kNone, CommandDoc(&bodies::PasswordReset(), bodies::PasswordResetDone(), 200)})
      << http::kHashesPasswords << http::AccessChange::kAnyone;

  router.Add(
      {"POST", "/auth/invitations/accept",
       [&registration](RequestContext& ctx) -> core::Result<Response> {
         auto body = ReadBody(ctx.request.body, bodies::InvitationAcceptance(),
                              CheckNewPasswordField);
         if (!body) return core::Fail(body.error());
         auto r = registration.AcceptInvitation((*body)["token"], (*body)["new_password"],
                                                MetaFrom(ctx));
         if (!r) return core::Fail(r.error());
         return Response::Json(200, Json{{"status", "account_claimed"}, {"user_id", *r}}.dump());
       },
       http::kPublic, "write",
       "Claim an account staff opened on your behalf: set its password with the emailed "
       "invitation token (single use; verifies the email)",
       BodyKind::kJson, RowKind::kNone,
       CommandDoc(&bodies::InvitationAcceptance(), bodies::InvitationAccepted(), 200)})
      << http::kHashesPasswords;

  router.Add(
      {"POST", "/auth/password/change",
       [&passwords](RequestContext& ctx) -> core::Result<Response> {
         auto body = ReadBody(ctx.request.body, bodies::PasswordChange(), CheckNewPasswordField);
         if (!body) return core::Fail(body.error());
         auto r = passwords.ChangePassword(*ctx.principal, (*body)["current_password"],
                                           (*body)["new_password"], MetaFrom(ctx));
         if (!r) return core::Fail(r.error());
         return Response::Json(200, R"({"status":"password_changed","sessions":"ended"})");
       },
       http::kAuthenticated, "write", "Change the password; ends every session", BodyKind::kJson,
       RowKind::kNone, CommandDoc(&bodies::PasswordChange(), bodies::PasswordChanged(), 200)})
      << http::kHashesPasswords << http::AccessChange::kCaller;

  // 409 when TOTP is already enabled.
  router.Add(
      {"POST", "/auth/mfa/totp",
       [&second_factor](RequestContext& ctx) -> core::Result<Response> {
         auto e = second_factor.StartTotp(*ctx.principal, MetaFrom(ctx));
         if (!e) return core::Fail(e.error());
         return Response::Json(
             201, Json{{"secret", e->secret_base32}, {"otpauth_uri", e->otpauth_uri}}.dump());
       },
       http::kAuthenticatedPreMfa, "write", "Start TOTP enrolment: a new secret", BodyKind::kNone,
       RowKind::kNone, CommandDoc(nullptr, bodies::TotpSecret(), 201, DocShape::kOne, true)})
      << http::AccessChange::kCaller;

  // 409 before enrolment started, once enabled, or for a code already used.
  router.Add(
      {"POST", "/auth/mfa/totp/confirm",
       [&second_factor](RequestContext& ctx) -> core::Result<Response> {
         auto body = ReadBody(ctx.request.body, bodies::TotpConfirmation());
         if (!body) return core::Fail(body.error());
         auto codes = second_factor.ConfirmTotp(*ctx.principal, (*body)["code"], MetaFrom(ctx));
         if (!codes) return core::Fail(codes.error());
         return Response::Json(200, Json{{"status", "enabled"}, {"recovery_codes", *codes}}.dump());
       },
       http::kAuthenticatedPreMfa, "write",
       "Confirm TOTP with a first code; returns one-time recovery codes", BodyKind::kJson,
       RowKind::kNone,
       CommandDoc(&bodies::TotpConfirmation(), bodies::TotpEnabled(), 200, DocShape::kOne, true)})
      << http::AccessChange::kCaller;

  router.Add({"GET", "/me",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                auto r = (*conn)->Execute(sql::kMe, db::Params{ctx.principal->user_id});
                if (!r) return core::Fail(r.error());
                if (r->rows() != 1) return core::Fail(core::Error::NotFound());
                auto read = db::GetJson(*r, 0, 0);
                if (!read) return core::Fail(read.error());
                Json me = std::move(*read);
                me["permissions"] = ctx.principal->permissions;
                me["patient_profile_id"] = ctx.principal->patient_profile_id
                                               ? Json(*ctx.principal->patient_profile_id)
                                               : Json(nullptr);
                return Response::Json(200, me.dump());
              },
              http::kAuthenticatedPreMfa, "none", "The signed-in account, roles and permissions",
              BodyKind::kNone, RowKind::kSelf, CommandDoc(nullptr, bodies::Me(), 200)});
}

}  // namespace imedic::identity
