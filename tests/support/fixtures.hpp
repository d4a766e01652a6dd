// What the integration suites build their cases from: users with roles,
// providers and their members, session tokens minted without a sign-in, calls
// to the server as a given user and JSON answers, one-value queries and
// throw-away keyrings.
// Rows are written with bound parameters. A row helper throws when the
// database refuses the row, which fails the test at once, in SetUp too.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/keyring.hpp"
#include "db/connection.hpp"
#include "db/params.hpp"
#include "support/http_client.hpp"

namespace imedic::testing {

// A users row and one user_roles row per role.
void AddUser(db::Connection& conn, std::string_view id, std::string_view email,
             std::string_view user_type, std::initializer_list<std::string_view> roles);

struct ProviderRow {
  std::string_view id;
  std::string_view name;
  std::string_view location_json = R"({"city":"Istanbul"})";
  std::string_view contact_json = "{}";
  std::optional<std::string_view> rating = std::nullopt;  // NULL when absent
};
// A providers row of type 'clinic'.
void AddProvider(db::Connection& conn, const ProviderRow& provider);
// Makes the user a member of the provider's staff (provider_members).
void AddProviderMember(db::Connection& conn, std::string_view user_id,
                       std::string_view provider_id);

// A session token for the user, written straight into `sessions` (no
// sign-in, no password hashing): valid for an hour, idle timeout an hour,
// and its second factor counted as passed unless `mfa_verified` is false.
std::string MintSession(db::Connection& conn, std::string_view user_id, bool mfa_verified = true);

// One request as the user, with a fresh session of theirs (so a call that
// ends sessions does not disturb the next); anonymous when `user_id` is empty.
std::optional<HttpResponse> CallAs(int port, db::Connection& conn, std::string_view user_id,
                                   const std::string& method, const std::string& path,
                                   const std::string& body = "",
                                   const std::string& content_type = "application/json",
                                   std::map<std::string, std::string> headers = {});

// The body of an answer as JSON: a discarded value when it is not JSON,
// null when there was no answer.
nlohmann::json JsonBody(const std::optional<HttpResponse>& r);

// POST of a JSON body, with "Authorization: Bearer <token>" unless empty.
std::optional<HttpResponse> PostJson(int port, const std::string& path, const nlohmann::json& body,
                                     const std::string& token = "");

// The fields a problem answer's `errors` names (none when it names none).
std::set<std::string> ProblemFields(const HttpResponse& r);

// The value of a query that returns one row of one column ("" for NULL). A
// failing query, or one that returns another number of rows, fails the test
// and gives "<no row>".
std::string Scalar(db::Connection& conn, const std::string& sql,
                   const db::Params& params = db::Params{});

// A keyring of one random master key with id `key_id`.
core::Keyring RandomKeyring(const std::string& key_id);

}  // namespace imedic::testing
