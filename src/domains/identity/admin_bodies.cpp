#include "domains/identity/admin_bodies.hpp"

namespace imedic::identity::admin_bodies {

namespace {

// A field the server answers with (read-only in the document).
DeclaredField Out(std::string_view name, FieldType type, std::string_view description,
                  bool nullable = false) {
  DeclaredField f;
  f.name = name;
  f.type = type;
  f.access = Access::kServer;
  f.nullable = nullable;
  f.description = description;
  return f;
}

// A read-only string that is always one of `values`.
DeclaredField OutEnum(std::string_view name, std::vector<std::string_view> values,
                      std::string_view description) {
  DeclaredField f = Out(name, FieldType::kString, description);
  f.values = std::move(values);
  return f;
}

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
  static const Declaration d{.name = "Created",
                             .description = "What was created.",
                             .fields = {Out("id", FieldType::kUuid, "Its id.")}};
  return d;
}

const Declaration& UserStatus() {
  static const Declaration d{
      .name = "UserStatus",
      .fields = {Out("id", FieldType::kUuid, "The user."),
                 OutEnum("status", {"active", "suspended"}, "The user's new status.")}};
  return d;
}

const Declaration& SecondFactorReset() {
  static const Declaration d{.name = "SecondFactorReset",
                             .fields = {OutEnum("status", {"second_factor_reset"}, "")}};
  return d;
}

const Declaration& RoleGrantResult() {
  static const Declaration d{
      .name = "RoleGrantResult",
      .fields = {Out("user_id", FieldType::kUuid, "The user."),
                 Out("role", FieldType::kString, "The role."),
                 OutEnum("result", {"granted", "exists"},
                         "granted, or exists when the user already held it.")}};
  return d;
}

const Declaration& Revoked() {
  static const Declaration d{.name = "Revoked", .fields = {OutEnum("status", {"revoked"}, "")}};
  return d;
}

const Declaration& Role() {
  static const Declaration d{
      .name = "Role",
      .description = "A role with its permissions.",
      .fields = {
          Out("name", FieldType::kString, ""), Out("description", FieldType::kString, ""),
          Out("assignable_to", FieldType::kStringArray, "The account types that may hold it."),
          Out("permissions", FieldType::kStringArray, "")}};
  return d;
}

const Declaration& Permission() {
  static const Declaration d{
      .name = "Permission",
      .fields = {Out("name", FieldType::kString, "resource.action"),
                 Out("description", FieldType::kString, ""),
                 Out("sensitivity", FieldType::kString, "The sensitivity tier.")}};
  return d;
}

const Declaration& RolePermissionsSet() {
  static const Declaration d{.name = "RolePermissionsSet",
                             .fields = {Out("role", FieldType::kString, ""),
                                        Out("permissions", FieldType::kStringArray, "")}};
  return d;
}

const Declaration& LeadScope() {
  static const Declaration d{
      .name = "LeadScope",
      .fields = {OutEnum("sales.lead_scope", {"assigned", "all"}, "The new setting.")}};
  return d;
}

const Declaration& ProviderMember() {
  static const Declaration d{
      .name = "ProviderMember",
      .fields = {Out("provider_id", FieldType::kUuid, ""), Out("user_id", FieldType::kUuid, "")}};
  return d;
}

const Declaration& BreakGlassGrant() {
  static const Declaration d{
      .name = "BreakGlassGrant",
      .fields = {Out("id", FieldType::kUuid, ""), Out("patient_profile_id", FieldType::kUuid, ""),
                 Out("expires_at", FieldType::kTimestamp, "When the access ends.")}};
  return d;
}

const Declaration& IssuedApiToken() {
  static const Declaration d{
      .name = "IssuedApiToken",
      .fields = {Out("id", FieldType::kUuid, ""), Out("name", FieldType::kString, ""),
                 Out("scopes", FieldType::kStringArray, ""),
                 Out("created_at", FieldType::kTimestamp, ""),
                 Out("expires_at", FieldType::kTimestamp, "", true),
                 Out("token", FieldType::kString, "The token (imd_t_…), shown only this once.")}};
  return d;
}

const Declaration& ApiToken() {
  static const Declaration d{
      .name = "ApiToken",
      .fields = {Out("id", FieldType::kUuid, ""), Out("name", FieldType::kString, ""),
                 Out("scopes", FieldType::kStringArray, ""),
                 Out("created_at", FieldType::kTimestamp, ""),
                 Out("last_used_at", FieldType::kTimestamp, "", true),
                 Out("expires_at", FieldType::kTimestamp, "", true)}};
  return d;
}

}  // namespace imedic::identity::admin_bodies
