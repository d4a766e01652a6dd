// The declared bodies and answers of the administration routes (users,
// roles, access settings, memberships, care assignments, break-glass) and
// of the caller's API tokens: each declared once, validating the body and
// documenting body and answer (see declared_body.hpp).
#pragma once

#include "domains/identity/declared_body.hpp"

namespace imedic::identity::admin_bodies {

// Bodies.
const Declaration& NewStaffAccount();      // POST /admin/users
const Declaration& RoleGrant();            // POST /admin/users/{id}/roles
const Declaration& RolePermissions();      // PUT /admin/roles/{role}/permissions
const Declaration& LeadScopeSetting();     // PUT /admin/settings/sales-lead-scope
const Declaration& ProviderMemberInput();  // POST /admin/providers/{id}/members
const Declaration& CareAssignmentInput();  // POST /admin/care-assignments
const Declaration& BreakGlassRequest();    // POST /break-glass
const Declaration& ApiTokenRequest();      // POST /me/api-tokens

// Answers.
const Declaration& Created();             // {id} of a new account or assignment
const Declaration& UserStatus();          // suspend, reactivate
const Declaration& SecondFactorReset();   // POST /admin/users/{id}/mfa/reset
const Declaration& RoleGrantResult();     // POST /admin/users/{id}/roles
const Declaration& Revoked();             // DELETE of a role or an API token
const Declaration& Role();                // GET /admin/roles (an array of them)
const Declaration& Permission();          // GET /admin/permissions (an array of them)
const Declaration& RolePermissionsSet();  // PUT /admin/roles/{role}/permissions
const Declaration& LeadScope();           // PUT /admin/settings/sales-lead-scope
const Declaration& ProviderMember();      // POST /admin/providers/{id}/members
const Declaration& BreakGlassGrant();     // POST /break-glass
const Declaration& IssuedApiToken();      // POST /me/api-tokens
const Declaration& ApiToken();            // GET /me/api-tokens (an array of them)

}  // namespace imedic::identity::admin_bodies
