// The OpenAPI document's error answers and the error mapper's must be one
// table: every problem type the mapper can send is documented with its
// status and title, and the document promises no status or type the mapper
// cannot send. A status or type added on one side only fails here.
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/error_mapper.hpp"
#include "openapi/openapi.hpp"

namespace imedic::http {
namespace {

using core::ErrorCode;

constexpr std::string_view kTypeBase = "https://imedic.dev/problems/";

// Whether `code` is one of core::ErrorCode's values. The switch has no
// default, so a code added to the enum but not here fails the build
// (-Wswitch under -Werror), and AllCodes below then picks it up.
bool IsErrorCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kMalformed:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kForbidden:
    case ErrorCode::kNotFound:
    case ErrorCode::kMethodNotAllowed:
    case ErrorCode::kConflict:
    case ErrorCode::kGone:
    case ErrorCode::kPreconditionFailed:
    case ErrorCode::kPayloadTooLarge:
    case ErrorCode::kHeadersTooLarge:
    case ErrorCode::kUnsupportedMedia:
    case ErrorCode::kTimeout:
    case ErrorCode::kRateLimited:
    case ErrorCode::kUnavailable:
    case ErrorCode::kInternal: return true;
  }
  return false;
}

// The enum's values are implicit, so they run 0, 1, 2, … without a gap.
std::vector<ErrorCode> AllCodes() {
  std::vector<ErrorCode> out;
  for (int i = 0; IsErrorCode(static_cast<ErrorCode>(i)); ++i) {
    out.push_back(static_cast<ErrorCode>(i));
  }
  return out;
}

struct Problem {
  int status = 0;
  std::string type;  // the full URI
  std::string title;
  bool operator==(const Problem&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Problem& p) {
  return os << p.status << " " << p.type << " \"" << p.title << "\"";
}

// What the error mapper answers for each code, by problem type.
std::map<std::string, Problem> MapperProblems() {
  std::map<std::string, Problem> out;
  for (ErrorCode code : AllCodes()) {
    const Response r = ProblemResponse(core::Error(code, ""), "/x", "req");
    const auto body = nlohmann::json::parse(r.body);
    Problem p{r.status, body["type"].get<std::string>(), body["title"].get<std::string>()};
    out[p.type] = p;
  }
  return out;
}

// The problems the document gives a component of their own, by type.
std::map<std::string, Problem> DocumentedComponents() {
  std::map<std::string, Problem> out;
  for (const openapi::DocumentedProblem& d : openapi::DocumentedProblems()) {
    Problem p{d.status, std::string(kTypeBase) + std::string(d.type), std::string(d.title)};
    out[p.type] = p;
  }
  return out;
}

// The statuses the document's generic `4XX` answer names in its description.
std::set<int> StatusesOfTheGeneric4xx() {
  const nlohmann::json doc = openapi::BuildOpenApi({}, "test");
  const std::string text =
      doc["components"]["responses"]["ClientError"]["description"].get<std::string>();
  std::set<int> out;
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    auto digit = [&](std::size_t k) {
      return k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]));
    };
    const bool starts = i == 0 || !digit(i - 1);
    if (starts && digit(i) && digit(i + 1) && digit(i + 2) && !digit(i + 3)) {
      out.insert(std::stoi(text.substr(i, 3)));
    }
  }
  return out;
}

// Problems the mapper can send that the document deliberately leaves out,
// each with its reason. Listing one here is a decision to review.
const std::map<std::string, std::string>& Undocumented() {
  static const std::map<std::string, std::string> kUndocumented = {
      {std::string(kTypeBase) + "internal", "500 is the answer to a bug; no operation promises it"},
  };
  return kUndocumented;
}

TEST(ProblemTable, TheGeneric4xxNamesStatuses) {
  // Guards the parsing below: the description names 403, 405, 408 and 431.
  EXPECT_EQ(StatusesOfTheGeneric4xx(), (std::set<int>{403, 405, 408, 431}));
}

TEST(ProblemTable, EveryDocumentedProblemIsOneTheMapperSends) {
  const auto mapper = MapperProblems();
  for (const auto& [type, documented] : DocumentedComponents()) {
    auto it = mapper.find(type);
    ASSERT_NE(it, mapper.end()) << "the document describes " << documented
                                << ", a problem type the error mapper never sends";
    EXPECT_EQ(documented, it->second) << "the document and the error mapper disagree";
  }
  std::set<int> mapper_statuses;
  for (const auto& [type, p] : mapper) mapper_statuses.insert(p.status);
  for (int status : StatusesOfTheGeneric4xx()) {
    EXPECT_TRUE(mapper_statuses.contains(status))
        << "the generic 4XX answer names " << status << ", which the error mapper never sends";
  }
}

TEST(ProblemTable, EveryProblemTheMapperSendsIsDocumented) {
  const auto documented = DocumentedComponents();
  const std::set<int> generic = StatusesOfTheGeneric4xx();
  for (const auto& [type, p] : MapperProblems()) {
    const bool as_component = documented.contains(type);
    const bool as_generic = generic.contains(p.status);
    const bool exempt = Undocumented().contains(type);
    EXPECT_TRUE(as_component || as_generic || exempt)
        << "the error mapper sends " << p << ", which the OpenAPI document does not describe";
    EXPECT_FALSE(exempt && (as_component || as_generic))
        << type << " is documented now: remove it from Undocumented()";
  }
  for (const auto& [type, reason] : Undocumented()) {
    EXPECT_TRUE(MapperProblems().contains(type)) << type << " is no problem type any more";
  }
}

}  // namespace
}  // namespace imedic::http
