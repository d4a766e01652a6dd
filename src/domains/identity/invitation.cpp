#include "domains/identity/invitation.hpp"

#include "core/opaque_token.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

// The prefix names the token kind in logs and leaks (core/opaque_token.hpp).
inline constexpr std::string_view kInvitationPrefix = "imd_inv_";

core::Result<std::string> CreateInvitedPatient(db::Connection& conn, const InvitedPatient& patient,
                                               const InviteActor& actor) {
  const std::string token = core::NewOpaqueToken(kInvitationPrefix);
  auto r = conn.Execute(sql::kCreateInvitedPatient,
                        db::Params{patient.email, patient.phone, patient.first_name,
                                   patient.last_name, patient.language, core::TokenHash(token),
                                   token, actor.user_id, actor.role, actor.request_id, actor.ip});
  if (!r) {
    core::Error e = r.error();
    if (e.code == core::ErrorCode::kConflict) {
      const bool phone = e.constraint.find("phone") != std::string::npos;
      e.public_message = phone ? "an account with this phone exists already"
                               : "an account with this email exists already";
      e.fields = {{phone ? "phone" : "email", "belongs to an account already"}};
    }
    return core::Fail(e);
  }
  return std::string(r->Get(0, 0));
}

}  // namespace imedic::identity
