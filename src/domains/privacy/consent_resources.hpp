// The declarations of the consent routes' bodies and answers: the same
// definitions validate a request and document it in /openapi.json.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "records/resource.hpp"

namespace imedic::privacy {

// The closed sets of migrations/0026 (consent_events' CHECKs).
const std::vector<std::string_view>& ConsentPurposes();
const std::vector<std::string_view>& ConsentChannels();

// POST /me/consents and POST /users/{id}/consents: one purpose given or withdrawn.
const records::Resource& ConsentChangeResource();
// One event of the ledger, as recorded.
const records::Resource& ConsentEventResource();
// GET …/consents: the current state per purpose and the history.
const records::Resource& ConsentLedgerResource();

// POST /auth/register's optional `consents`: an array of {purpose,
// text_version, text_sha256, channel (web or app; default web)}, each
// recorded as given with the account. No medical_sharing (it names a
// provider a new patient has not chosen yet) and no purpose twice. The
// shape check (records::ShapeCheck) and its JSON Schema.
void CheckRegistrationConsents(const nlohmann::json& value, std::string_view prefix,
                               std::vector<core::FieldError>& errors);
nlohmann::json RegistrationConsentsSchema();

}  // namespace imedic::privacy
