// The OpenAPI 3.1 document of the API, generated from the route table
// (http::Route: method, pattern, permission, audit tag, summary, body kind
// and RouteDoc) and the resource definitions it points at (records::Resource),
// so the reference cannot drift from the routes it describes.
//
// What is derived, per operation:
//   - operationId from method and pattern (OperationId), tags from the first
//     path segment, path parameters from `{name}` segments (`{id}` is a UUID);
//   - security: none for public routes, bearer otherwise, and the extensions
//     `x-permission` and `x-audit` naming the route's policy;
//   - the request body from RouteDoc.request (`<Name>Create`, `<Name>Patch`
//     for JSON merge patches, raw bytes), from a command's RouteDoc.input
//     (`<Name>`) or, for a JSON route without either, a generic object;
//   - the success answer from RouteDoc (`<Name>`, `<Name>Page`, raw bytes,
//     a command's RouteDoc.output or an array of it, a generic object, or
//     no content);
//   - list parameters for page answers: the filterable fields with the
//     PostgREST operator grammar, `order`, `limit`, `cursor` and `Prefer`;
//   - the error answers (ErrorStatuses), as application/problem+json.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/router.hpp"

namespace imedic::openapi {

// A stable, unique id for an operation: the lower-case method followed by
// each path segment in CamelCase, parameters as "By<Name>":
// GET /patients/{id}/medical-history → "getPatientsByIdMedicalHistory".
std::string OperationId(std::string_view method, std::string_view pattern);

// The error statuses documented for a route, ascending. Derived from the
// route's row: 400 for a JSON body or path parameters; 401 and 403 unless
// public; 404 with path parameters; 409 on create and patch; 410 for a
// resource's `{id}`; 413, 415 and 422 for a body (422 also for page
// filters); 429 when it hashes passwords; 503 unless it is answered on the
// I/O thread (http::Shedding::kIoThread); and what the row documents beyond
// these (RouteDoc::errors: a public sign-in's 401, a throttle's 429). Every
// operation also gets a `4XX` answer for what any route can give (405, 408,
// 431, 403 when HTTPS is required).
std::vector<int> ErrorStatuses(const http::Route& route);

// An error answer the document describes as a component of its own: its
// status, problem type suffix (after https://imedic.dev/problems/) and title.
// The statuses the generic `4XX` answer covers are named in its description.
struct DocumentedProblem {
  int status;
  std::string_view type;
  std::string_view title;
};
std::vector<DocumentedProblem> DocumentedProblems();

// The whole document, OpenAPI 3.1.0. `version` becomes info.version.
nlohmann::json BuildOpenApi(const std::vector<http::Route>& routes, std::string_view version);

}  // namespace imedic::openapi
