#include "domains/identity/admin_bodies.hpp"

#include "records/common_fields.hpp"

namespace imedic::identity::admin_bodies {

namespace {

DeclaredField RequiredUuid(std::string_view name, std::string_view description) {
  return {.name = name,
          .type = FieldType::kUuid,
          .required = true,
          .nullable = false,
          .description = description};
}

}  // namespace

const Declaration& NewStaffAccount() {
  static const Declaration d{
      .name = "NewStaffAccount",
      .description = "A staff, provider or admin account to create.",
      .fields = {
          {.name = "email",
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 254,
           .format = Format::kEmail,
           .description = "Sign-in address; stored lower-cased."},
          {.name = "user_type",
           .required = true,
           .nullable = false,
           .values = {"staff", "provider", "admin"},
           .description = "The kind of account."},
          {.name = "first_name", .required = true, .nullable = false, .min_len = 1, .max_len = 100},
          {.name = "last_name", .required = true, .nullable = false, .min_len = 1, .max_len = 100},
          {.name = "roles",
           .type = FieldType::kStringArray,
           .required = true,
           .nullable = false,
           .max_len = 40,
           .max_items = 10,
           .description = "Roles the account's type may hold."},
          {.name = "password",
           .max_len = 256,
           .description = "At least 10 characters, not one character repeated nor a common "
                          "password. Without one, the user sets it by password reset."},
      }};
  return d;
}

const Declaration& RoleGrant() {
  static const Declaration d{.name = "RoleGrant",
                             .description = "A role to grant.",
                             .fields = {{.name = "role",
                                         .required = true,
                                         .nullable = false,
                                         .min_len = 1,
                                         .max_len = 40,
                                         .description = "A role the user's type may hold."}}};
  return d;
}

const Declaration& RolePermissions() {
  static const Declaration d{.name = "RolePermissions",
                             .description = "The role's whole new set of permissions.",
                             .fields = {{.name = "permissions",
                                         .type = FieldType::kStringArray,
                                         .required = true,
                                         .nullable = false,
                                         .max_len = 60,
                                         .max_items = 100,
                                         .description = "Existing permission names."}}};
  return d;
}

const Declaration& LeadScopeSetting() {
  static const Declaration d{
      .name = "LeadScopeSetting",
      .description = "Which leads sales staff see.",
      .fields = {{.name = "value",
                  .required = true,
                  .nullable = false,
                  .values = {"assigned", "all"},
                  .description = "Only their assigned leads, or all leads."}}};
  return d;
}

const Declaration& ProviderMemberInput() {
  static const Declaration d{.name = "ProviderMemberInput",
                             .description = "A provider-type user to add to the provider.",
                             .fields = {RequiredUuid("user_id", "A provider-type user.")}};
  return d;
}

const Declaration& CareAssignmentInput() {
  static const Declaration d{
      .name = "CareAssignmentInput",
      .description = "A clinician or coordinator to assign to a patient.",
      .fields = {RequiredUuid("staff_user_id", "A staff member holding the role named by kind."),
                 RequiredUuid("patient_profile_id", "The patient."),
                 {.name = "kind",
                  .required = true,
                  .nullable = false,
                  .values = {"medical", "care_coordinator"}}}};
  return d;
}

const Declaration& BreakGlassRequest() {
  static const Declaration d{.name = "BreakGlassRequest",
                             .description = "Emergency access to a patient outside one's scope.",
                             .fields = {RequiredUuid("patient_profile_id", "The patient."),
                                        {.name = "reason",
                                         .required = true,
                                         .nullable = false,
                                         .min_len = 10,
                                         .max_len = 1000,
                                         .description = "Why; written to the audit trail."},
                                        {.name = "minutes",
                                         .type = FieldType::kInt,
                                         .min = 5,
                                         .max = 240,
                                         .default_json = "60",
                                         .description = "How long the access lasts."}}};
  return d;
}

const Declaration& ApiTokenRequest() {
  static const Declaration d{
      .name = "ApiTokenRequest",
      .description = "An API token limited to some of the caller's permissions.",
      .fields = {
          {.name = "name", .required = true, .nullable = false, .min_len = 1, .max_len = 100},
          {.name = "scopes",
           .type = FieldType::kStringArray,
           .required = true,
           .nullable = false,
           .max_len = 60,
           .max_items = 50,
           .description = "Permissions the caller holds."},
          {.name = "expires_in_days",
           .type = FieldType::kInt,
           .min = 1,
           .max = 730,
           .description = "Lifetime in days; without it the token does not expire."}}};
  return d;
}

const Declaration& Created() {
  static const Declaration d{
      .name = "Created",
      .description = "What was created.",
      .fields = {records::ServerField("id", FieldType::kUuid, "Its id.", false)}};
  return d;
}

const Declaration& UserStatus() {
  static const Declaration d{
      .name = "UserStatus",
      .fields = {records::ServerField("id", FieldType::kUuid, "The user.", false),
                 records::ServerEnum("status", {"active", "suspended"}, "The user's new status.")}};
  return d;
}

const Declaration& SecondFactorReset() {
  static const Declaration d{
      .name = "SecondFactorReset",
      .fields = {records::ServerEnum("status", {"second_factor_reset"}, "")}};
  return d;
}

const Declaration& RoleGrantResult() {
  static const Declaration d{
      .name = "RoleGrantResult",
      .fields = {records::ServerField("user_id", FieldType::kUuid, "The user.", false),
                 records::ServerField("role", FieldType::kString, "The role.", false),
                 records::ServerEnum("result", {"granted", "exists"},
                                     "granted, or exists when the user already held it.")}};
  return d;
}

const Declaration& Revoked() {
  static const Declaration d{.name = "Revoked",
                             .fields = {records::ServerEnum("status", {"revoked"}, "")}};
  return d;
}

const Declaration& Role() {
  static const Declaration d{
      .name = "Role",
      .description = "A role with its permissions.",
      .fields = {records::ServerField("name", FieldType::kString, "", false),
                 records::ServerField("description", FieldType::kString, "", false),
                 records::ServerField("assignable_to", FieldType::kStringArray,
                                      "The account types that may hold it.", false),
                 records::ServerField("permissions", FieldType::kStringArray, "", false)}};
  return d;
}

const Declaration& Permission() {
  static const Declaration d{
      .name = "Permission",
      .fields = {
          records::ServerField("name", FieldType::kString, "resource.action", false),
          records::ServerField("description", FieldType::kString, "", false),
          records::ServerField("sensitivity", FieldType::kString, "The sensitivity tier.", false)}};
  return d;
}

const Declaration& RolePermissionsSet() {
  static const Declaration d{
      .name = "RolePermissionsSet",
      .fields = {records::ServerField("role", FieldType::kString, "", false),
                 records::ServerField("permissions", FieldType::kStringArray, "", false)}};
  return d;
}

const Declaration& LeadScope() {
  static const Declaration d{
      .name = "LeadScope",
      .fields = {records::ServerEnum("sales.lead_scope", {"assigned", "all"}, "The new setting.")}};
  return d;
}

const Declaration& ProviderMember() {
  static const Declaration d{
      .name = "ProviderMember",
      .fields = {records::ServerField("provider_id", FieldType::kUuid, "", false),
                 records::ServerField("user_id", FieldType::kUuid, "", false)}};
  return d;
}

const Declaration& BreakGlassGrant() {
  static const Declaration d{
      .name = "BreakGlassGrant",
      .fields = {records::ServerField("id", FieldType::kUuid, "", false),
                 records::ServerField("patient_profile_id", FieldType::kUuid, "", false),
                 records::ServerField("expires_at", FieldType::kTimestamp, "When the access ends.",
                                      false)}};
  return d;
}

const Declaration& IssuedApiToken() {
  static const Declaration d{
      .name = "IssuedApiToken",
      .fields = {records::ServerField("id", FieldType::kUuid, "", false),
                 records::ServerField("name", FieldType::kString, "", false),
                 records::ServerField("scopes", FieldType::kStringArray, "", false),
                 records::ServerField("created_at", FieldType::kTimestamp, "", false),
                 records::ServerField("expires_at", FieldType::kTimestamp, "", true),
                 records::ServerField("token", FieldType::kString,
                                      "The token (imd_t_…), shown only this once.", false)}};
  return d;
}

const Declaration& ApiToken() {
  static const Declaration d{
      .name = "ApiToken",
      .fields = {records::ServerField("id", FieldType::kUuid, "", false),
                 records::ServerField("name", FieldType::kString, "", false),
                 records::ServerField("scopes", FieldType::kStringArray, "", false),
                 records::ServerField("created_at", FieldType::kTimestamp, "", false),
                 records::ServerField("last_used_at", FieldType::kTimestamp, "", true),
                 records::ServerField("expires_at", FieldType::kTimestamp, "", true)}};
  return d;
}

}  // namespace imedic::identity::admin_bodies
