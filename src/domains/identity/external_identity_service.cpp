#include "domains/identity/external_identity_service.hpp"

#include <cctype>
#include <ctime>

#include "core/jwt.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

core::Result<SessionGrant> ExternalIdentityService::LoginWithIdToken(
    const std::string& provider, const std::string& id_token,
    const std::optional<std::string>& first_name, const std::optional<std::string>& last_name,
    const SecondFactor& factor, const RequestMeta& meta) {
  const ExternalProvider* p = nullptr;
  for (const auto& candidate : ctx_.settings().providers) {
    if (candidate.name == provider) p = &candidate;
  }
  if (p == nullptr)
    return core::Fail(core::Error::NotFound("sign-in with " + provider + " is not configured"));
  core::IdTokenExpectations expect{p->issuers, p->client_id, std::time(nullptr), 60};
  auto claims = core::VerifyIdToken(id_token, p->keys, expect);
  if (!claims) return core::Fail(claims.error());

  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  auto linked = (*conn)->Execute(sql::kFindExternalIdentity, db::Params{provider, claims->subject});
  if (!linked) return core::Fail(linked.error());
  std::optional<SignInAccount> account;
  if (linked->rows() == 1) {
    auto read = SignInAccountFromRow(*linked);
    if (!read) return core::Fail(read.error());
    account = std::move(*read);
  } else {
    auto email = claims->email;
    if (email.empty() || !claims->email_verified) {
      return core::Fail(core::Error(core::ErrorCode::kUnauthenticated,
                                    "the provider did not vouch for an email address"));
    }
    for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto by_email = (*conn)->Execute(sql::kFindAccountByEmail, db::Params{email});
    if (!by_email) return core::Fail(by_email.error());
    if (by_email->rows() == 1) {
      // Link only to an address this account has itself verified.
      if (by_email->Get(0, 6) != "t") return core::Fail(BadCredentials());
      auto read = SignInAccountFromRow(*by_email);
      if (!read) return core::Fail(read.error());
      SignInAccount a = std::move(*read);
      auto link = (*conn)->Execute(
          sql::kLinkExternalIdentity,
          db::Params{a.user_id, provider, claims->subject, meta.request_id, meta.ip});
      if (!link) return core::Fail(link.error());
      account = std::move(a);
    } else {
      if (!first_name || !last_name) {
        return core::Fail(core::Error::InvalidInput(
            "a new account needs a name", {{"first_name", "is required for a new account"},
                                           {"last_name", "is required for a new account"}}));
      }
      auto created = (*conn)->Execute(sql::kCreateExternalPatient,
                                      db::Params{email, provider, claims->subject, *first_name,
                                                 *last_name, meta.request_id, meta.ip});
      if (!created) return core::Fail(created.error());
      if (created->rows() != 1) return core::Fail(BadCredentials());
      account = SignInAccount{std::string(created->Get(0, 0)), "active", "patient", false, {}, {}};
    }
  }
  if (account->status != "active") return core::Fail(BadCredentials());
  return sessions_.Open(*account, factor, meta, **conn);
}

}  // namespace imedic::identity
