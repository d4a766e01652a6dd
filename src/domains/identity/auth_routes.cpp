#include <nlohmann/json.hpp>

#include "core/contact.hpp"
#include "core/password.hpp"
#include "domains/identity/identity_routes.hpp"
#include "domains/identity/sql/queries.hpp"
#include "http/json_body.hpp"

namespace imedic::identity {

namespace {

using http::BodyKind;
using http::FieldReader;
using http::RequestContext;
using http::Response;
using Json = nlohmann::json;

// Reads and normalises an email field, adding a field error when invalid.
std::optional<std::string> EmailField(FieldReader& f, std::string_view name = "email") {
  auto raw = f.String(name, true, 254);
  if (!raw) return std::nullopt;
  auto email = core::NormalizeEmail(*raw);
  if (!email) f.AddError(std::string(name), "is not a valid email address");
  return email;
}

std::optional<std::string> NewPasswordField(FieldReader& f, std::string_view name) {
  auto pw = f.String(name, true, 256);
  if (!pw) return std::nullopt;
  if (auto problem = core::PasswordProblem(*pw)) {
    f.AddError(std::string(name), *problem);
    return std::nullopt;
  }
  return pw;
}

SecondFactor FactorFields(FieldReader& f) {
  SecondFactor out;
  out.otp_code = f.String("otp_code", false, 10);
  out.recovery_code = f.String("recovery_code", false, 40);
  return out;
}

Response GrantResponse(const SessionGrant& g, int status = 200) {
  Json body = {{"token", g.token},
               {"token_type", "Bearer"},
               {"session_id", g.session_id},
               {"expires_at", g.expires_at},
               {"mfa_enrollment_required", g.mfa_enrollment_required}};
  return Response::Json(status, body.dump());
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

}  // namespace

RequestMeta MetaFrom(const http::RequestContext& ctx) {
  RequestMeta m;
  m.request_id = ctx.request.request_id;
  if (!ctx.request.remote_address.empty()) m.ip = ctx.request.remote_address;
  std::string_view ua = ctx.request.HeaderValue("user-agent");
  if (!ua.empty()) m.user_agent = std::string(ua.substr(0, 512));
  return m;
}

void RegisterAuthRoutes(http::Router& router, IdentityService& svc, db::Pool& pool) {
  router.Add({"POST", "/auth/register",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                Registration r;
                auto email = EmailField(f);
                auto password = NewPasswordField(f, "password");
                auto first = f.String("first_name", true, 100, 1);
                auto last = f.String("last_name", true, 100, 1);
                auto phone_raw = f.String("phone_number", false, 32);
                std::optional<std::string> phone;
                if (phone_raw) {
                  phone = core::NormalizePhone(*phone_raw);
                  if (!phone) {
                    f.AddError("phone_number",
                               "is not a valid international number (E.164, e.g. +447700900123)");
                  }
                }
                auto lang = f.String("preferred_language", false, 35);
                auto tz = f.String("timezone", false, 64);
                if (tz && !IsIanaZoneLike(*tz)) f.AddError("timezone", "is not an IANA time zone");
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                r.email = *email;
                r.phone = phone;
                r.password = *password;
                r.first_name = *first;
                r.last_name = *last;
                if (lang) r.preferred_language = *lang;
                if (tz) r.timezone = *tz;
                auto res = svc.Register(r, MetaFrom(ctx));
                if (!res) return core::Fail(res.error());
                return Accepted("check your email for a verification code");
              },
              http::kPublic, "write", "Register a patient account (answers alike for taken emails)",
              BodyKind::kJson});

  router.Add({"POST", "/auth/verify-email",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto email = EmailField(f);
                auto code = f.String("code", true, 12, 1);
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto r = svc.VerifyEmail(*email, *code, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"verified"})");
              },
              http::kPublic, "write", "Verify an email address with the code sent to it",
              BodyKind::kJson});

  router.Add({"POST", "/auth/login",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto email = EmailField(f);
                auto password = f.String("password", true, 256, 1);
                SecondFactor factor = FactorFields(f);
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto g = svc.Login(*email, *password, factor, MetaFrom(ctx));
                if (!g) return core::Fail(g.error());
                return GrantResponse(*g);
              },
              http::kPublic, "write", "Sign in with email and password (+ second factor)",
              BodyKind::kJson});

  router.Add({"POST", "/auth/external/{provider}",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto token = f.String("id_token", true, 8192, 1);
                auto first = f.String("first_name", false, 100, 1);
                auto last = f.String("last_name", false, 100, 1);
                SecondFactor factor = FactorFields(f);
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto g = svc.LoginWithIdToken(std::string(ctx.params.Get("provider")), *token,
                                              first, last, factor, MetaFrom(ctx));
                if (!g) return core::Fail(g.error());
                return GrantResponse(*g);
              },
              http::kPublic, "write", "Sign in with a Google, Facebook or Apple ID token",
              BodyKind::kJson});

  router.Add({"POST", "/auth/refresh",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto g = svc.Refresh(*ctx.principal, MetaFrom(ctx));
                if (!g) return core::Fail(g.error());
                return GrantResponse(*g);
              },
              http::kAuthenticatedPreMfa, "write", "Replace the session token with a new one"});

  router.Add({"POST", "/auth/logout",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto r = svc.Logout(*ctx.principal, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"signed_out"})");
              },
              http::kAuthenticatedPreMfa, "write", "End this session"});

  router.Add({"POST", "/auth/logout-all",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto n = svc.LogoutEverywhere(*ctx.principal, MetaFrom(ctx));
                if (!n) return core::Fail(n.error());
                return Response::Json(200, Json{{"sessions_ended", *n}}.dump());
              },
              http::kAuthenticatedPreMfa, "write", "End every session of this account"});

  router.Add({"POST", "/auth/phone/verification",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto r = svc.StartPhoneVerification(*ctx.principal, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Accepted("a code is on its way by SMS");
              },
              http::kAuthenticated, "write", "Send a verification code to the account's phone"});

  router.Add({"POST", "/auth/phone/verify",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto code = f.String("code", true, 12, 1);
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto r = svc.VerifyPhone(*ctx.principal, *code, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"verified"})");
              },
              http::kAuthenticated, "write", "Verify the account's phone with the SMS code",
              BodyKind::kJson});

  router.Add({"POST", "/auth/password/forgot",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto email = EmailField(f);
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto r = svc.ForgotPassword(*email, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Accepted("if the account exists, a reset code is on its way");
              },
              http::kPublic, "write", "Send a password reset code (answers alike for any email)",
              BodyKind::kJson});

  router.Add({"POST", "/auth/password/reset",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto email = EmailField(f);
                auto code = f.String("code", true, 12, 1);
                auto password = NewPasswordField(f, "new_password");
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto r = svc.ResetPassword(*email, *code, *password, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"password_reset"})");
              },
              http::kPublic, "write", "Set a new password with a reset code", BodyKind::kJson});

  router.Add({"POST", "/auth/password/change",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto body = http::ParseJsonObject(ctx.request.body);
                if (!body) return core::Fail(body.error());
                FieldReader f(*body);
                auto current = f.String("current_password", true, 256, 1);
                auto next = NewPasswordField(f, "new_password");
                if (auto done = f.Finish(); !done) return core::Fail(done.error());
                auto r = svc.ChangePassword(*ctx.principal, *current, *next, MetaFrom(ctx));
                if (!r) return core::Fail(r.error());
                return Response::Json(200, R"({"status":"password_changed","sessions":"ended"})");
              },
              http::kAuthenticated, "write", "Change the password; ends every session",
              BodyKind::kJson});

  router.Add({"POST", "/auth/mfa/totp",
              [&svc](RequestContext& ctx) -> core::Result<Response> {
                auto e = svc.StartTotp(*ctx.principal, MetaFrom(ctx));
                if (!e) return core::Fail(e.error());
                return Response::Json(
                    201,
                    Json{{"secret", e->secret_base32}, {"otpauth_uri", e->otpauth_uri}}.dump());
              },
              http::kAuthenticatedPreMfa, "write", "Start TOTP enrolment: a new secret"});

  router.Add(
      {"POST", "/auth/mfa/totp/confirm",
       [&svc](RequestContext& ctx) -> core::Result<Response> {
         auto body = http::ParseJsonObject(ctx.request.body);
         if (!body) return core::Fail(body.error());
         FieldReader f(*body);
         auto code = f.String("code", true, 10, 6);
         if (auto done = f.Finish(); !done) return core::Fail(done.error());
         auto codes = svc.ConfirmTotp(*ctx.principal, *code, MetaFrom(ctx));
         if (!codes) return core::Fail(codes.error());
         return Response::Json(200, Json{{"status", "enabled"}, {"recovery_codes", *codes}}.dump());
       },
       http::kAuthenticatedPreMfa, "write",
       "Confirm TOTP with a first code; returns one-time recovery codes", BodyKind::kJson});

  router.Add({"GET", "/me",
              [&pool](RequestContext& ctx) -> core::Result<Response> {
                auto conn = pool.Acquire();
                if (!conn) return core::Fail(conn.error());
                auto r = (*conn)->Execute(sql::kMe, db::Params{ctx.principal->user_id});
                if (!r) return core::Fail(r.error());
                if (r->rows() != 1) return core::Fail(core::Error::NotFound());
                auto me = Json::parse(r->Get(0, 0));
                me["permissions"] = ctx.principal->permissions;
                me["patient_profile_id"] = ctx.principal->patient_profile_id
                                               ? Json(*ctx.principal->patient_profile_id)
                                               : Json(nullptr);
                return Response::Json(200, me.dump());
              },
              http::kAuthenticatedPreMfa, "none", "The signed-in account, roles and permissions",
              BodyKind::kNone, http::RowKind::kSelf});
}

}  // namespace imedic::identity
