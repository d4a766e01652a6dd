// The declared bodies and answers of the sign-up, sign-in, session,
// password and second-factor routes and of GET /me: each declared once,
// validating the body and documenting body and answer (see
// declared_body.hpp).
#pragma once

#include "domains/identity/declared_body.hpp"

namespace imedic::identity::auth_bodies {

// Bodies.
const Declaration& PatientRegistration();   // POST /auth/register
const Declaration& EmailVerification();     // POST /auth/verify-email
const Declaration& PasswordSignIn();        // POST /auth/login
const Declaration& IdTokenSignIn();         // POST /auth/external/{provider}
const Declaration& PhoneVerification();     // POST /auth/phone/verify
const Declaration& PasswordForgotten();     // POST /auth/password/forgot
const Declaration& PasswordReset();         // POST /auth/password/reset
const Declaration& InvitationAcceptance();  // POST /auth/invitations/accept
const Declaration& PasswordChange();        // POST /auth/password/change
const Declaration& TotpConfirmation();      // POST /auth/mfa/totp/confirm

// Answers.
const Declaration& Accepted();            // 202: the work goes on by email or SMS
const Declaration& Verified();            // an email or phone verified
const Declaration& SessionGrant();        // sign-in and refresh
const Declaration& SignedOut();           // POST /auth/logout
const Declaration& SessionsEnded();       // POST /auth/logout-all
const Declaration& PasswordResetDone();   // POST /auth/password/reset
const Declaration& InvitationAccepted();  // POST /auth/invitations/accept
const Declaration& PasswordChanged();     // POST /auth/password/change
const Declaration& TotpSecret();          // POST /auth/mfa/totp
const Declaration& TotpEnabled();         // POST /auth/mfa/totp/confirm
const Declaration& Me();                  // GET /me

}  // namespace imedic::identity::auth_bodies
