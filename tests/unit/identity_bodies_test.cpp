// The declared bodies of the identity routes: how ReadBody applies a
// declaration, and that the declarations are fit to be OpenAPI components.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "domains/identity/admin_bodies.hpp"
#include "domains/identity/auth_bodies.hpp"
#include "domains/identity/declared_body.hpp"

namespace imedic::identity {
namespace {

using nlohmann::json;

std::set<std::string> Named(const core::Error& e) {
  std::set<std::string> out;
  for (const auto& f : e.fields) out.insert(f.field);
  return out;
}

TEST(ReadBody, MalformedJsonIsNotInvalidInput) {
  auto r = ReadBody("{\"role\":", admin_bodies::RoleGrant());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kMalformed);
  auto array = ReadBody("[]", admin_bodies::RoleGrant());
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().code, core::ErrorCode::kInvalidInput);
}

TEST(ReadBody, NamesEveryBadFieldAndUnknownOnes) {
  auto r = ReadBody(R"({"email":"x","user_type":"robot","roles":["a","a"],"admin":true})",
                    admin_bodies::NewStaffAccount());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidInput);
  EXPECT_EQ(Named(r.error()), (std::set<std::string>{"email", "user_type", "roles[1]", "admin",
                                                     "first_name", "last_name"}));
}

TEST(ReadBody, ChecksRunWithTheDeclarationsOwn) {
  BodyCheck password = [](const json& body, std::vector<core::FieldError>& errors) {
    CheckNewPassword(body, "password", errors);
  };
  // A declared problem elsewhere: the password rule is still reported.
  auto r = ReadBody(R"({"email":"a@b.example","password":"aaaaaaaaaaaa"})",
                    admin_bodies::NewStaffAccount(), password);
  ASSERT_FALSE(r);
  EXPECT_TRUE(Named(r.error()).contains("password"));
  EXPECT_TRUE(Named(r.error()).contains("user_type"));
  // A field the declaration already refused is not reported twice.
  auto long_one = ReadBody(R"({"password":")" + std::string(300, 'x') + R"("})",
                           admin_bodies::NewStaffAccount(), password);
  ASSERT_FALSE(long_one);
  int password_errors = 0;
  for (const auto& f : long_one.error().fields) password_errors += f.field == "password";
  EXPECT_EQ(password_errors, 1);
}

TEST(ReadBody, AcceptsNormalisesAndDropsNulls) {
  auto r = ReadBody(R"({"email":" Ada@Example.COM ","user_type":"staff","first_name":" Ada ",)"
                    R"("last_name":"L","roles":["sales"],"password":null})",
                    admin_bodies::NewStaffAccount());
  ASSERT_TRUE(r) << r.error().public_message;
  EXPECT_EQ((*r)["email"], "ada@example.com");
  EXPECT_EQ((*r)["first_name"], "Ada");
  EXPECT_FALSE(r->contains("password")) << "null should mean absent";
  // A declared default fills an absent field.
  auto glass = ReadBody(R"({"patient_profile_id":"6f1c2b9e-8a4d-4c3e-9b2a-1d2e3f4a5b6c",)"
                        R"("reason":"cardiac arrest in the ward"})",
                        admin_bodies::BreakGlassRequest());
  ASSERT_TRUE(glass);
  EXPECT_EQ((*glass)["minutes"], 60);
}

// Every declaration becomes a component schema under its name: two with one
// name would silently share the first one's schema.
TEST(Declarations, HaveDistinctNamesAndKeepBodiesApartFromAnswers) {
  const std::vector<const Declaration*> bodies = {
      &admin_bodies::NewStaffAccount(),     &admin_bodies::RoleGrant(),
      &admin_bodies::RolePermissions(),     &admin_bodies::LeadScopeSetting(),
      &admin_bodies::ProviderMemberInput(), &admin_bodies::CareAssignmentInput(),
      &admin_bodies::BreakGlassRequest(),   &admin_bodies::ApiTokenRequest(),
      &auth_bodies::PatientRegistration(),  &auth_bodies::EmailVerification(),
      &auth_bodies::PasswordSignIn(),       &auth_bodies::IdTokenSignIn(),
      &auth_bodies::PhoneVerification(),    &auth_bodies::PasswordForgotten(),
      &auth_bodies::PasswordReset(),        &auth_bodies::PasswordChange(),
      &auth_bodies::TotpConfirmation()};
  const std::vector<const Declaration*> answers = {&admin_bodies::Created(),
                                                   &admin_bodies::UserStatus(),
                                                   &admin_bodies::SecondFactorReset(),
                                                   &admin_bodies::RoleGrantResult(),
                                                   &admin_bodies::Revoked(),
                                                   &admin_bodies::Role(),
                                                   &admin_bodies::Permission(),
                                                   &admin_bodies::RolePermissionsSet(),
                                                   &admin_bodies::LeadScope(),
                                                   &admin_bodies::ProviderMember(),
                                                   &admin_bodies::BreakGlassGrant(),
                                                   &admin_bodies::IssuedApiToken(),
                                                   &admin_bodies::ApiToken(),
                                                   &auth_bodies::Accepted(),
                                                   &auth_bodies::Verified(),
                                                   &auth_bodies::SessionGrant(),
                                                   &auth_bodies::SignedOut(),
                                                   &auth_bodies::SessionsEnded(),
                                                   &auth_bodies::PasswordResetDone(),
                                                   &auth_bodies::PasswordChanged(),
                                                   &auth_bodies::TotpSecret(),
                                                   &auth_bodies::TotpEnabled(),
                                                   &auth_bodies::Me()};
  std::set<std::string> names;
  for (const auto* list : {&bodies, &answers}) {
    for (const Declaration* d : *list) {
      EXPECT_TRUE(names.insert(std::string(d->name)).second) << d->name << " twice";
      EXPECT_FALSE(d->fields.empty()) << d->name;
    }
  }
  for (const Declaration* d : bodies) {
    for (const auto& f : d->fields)
      EXPECT_NE(f.access, Access::kServer) << d->name << "." << f.name;
  }
  for (const Declaration* d : answers) {
    for (const auto& f : d->fields)
      EXPECT_EQ(f.access, Access::kServer) << d->name << "." << f.name;
  }
}

}  // namespace
}  // namespace imedic::identity
