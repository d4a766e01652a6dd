// The consent ledger over HTTP (issue 14, item 1; docs/privacy.md, "Consent").
//
//   GET  /me/consents         (authenticated)   the caller's current consents and history
//   POST /me/consents         (authenticated)   give or withdraw one purpose
//   GET  /users/{id}/consents (consents.read)   anyone's ledger (privacy officer, admin);
//                                               the read is audited
//   POST /users/{id}/consents (consents.write)  record one on a person's behalf (a phone
//                                               call): a patient in the caller's patient
//                                               scope or a lead's user in their lead scope,
//                                               anyone for holders of consents.read
//
// Every write appends one consent_events row and its audit row in one
// statement. The evidence (address, user agent) comes from the request;
// the body says what was consented to, through which channel, and to which
// version of the text (its SHA-256).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::privacy {

void RegisterConsentRoutes(http::Router& router, db::Pool& pool);

// A validated consent change.
struct ConsentChange {
  std::string purpose, action, channel;
  std::optional<std::string> provider_id, text_version, text_sha256;
};

// Checks a body against ConsentChangeResource and the rules between its
// fields (a text for 'given', a provider for medical_sharing only); a 422
// names every field at fault.
core::Result<ConsentChange> ReadConsentChange(std::string_view body);

// The request's User-Agent as evidence: printable ASCII only (others become
// '?'), at most 512 characters; nullopt when absent.
std::optional<std::string> EvidenceUserAgent(std::string_view header);

}  // namespace imedic::privacy
