// Strong id types: a UUID that crossed a layer boundary carries what it is
// the id of, so a patient id cannot be passed where a file id is expected,
// and it is known to be a canonical (lower-case) UUID text.
//
//   auto id = core::PatientId::Parse(path_segment);   // nullopt → 404/422
//   service.List(caller, *id);
//   db::Params{id->str()};
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/uuid.hpp"

namespace imedic::core {

template <typename Tag>
class Id {
 public:
  // The id in `text` (either case), or nullopt when it is not a UUID.
  static std::optional<Id> Parse(std::string_view text) {
    auto canonical = ParseUuid(text);
    if (!canonical) return std::nullopt;
    return Id(std::move(*canonical));
  }
  // For text that is a canonical UUID by construction: read from a uuid
  // column, made by NewUuidV4. REQUIRES: ParseUuid(text) == text.
  static Id Trusted(std::string canonical_uuid) { return Id(std::move(canonical_uuid)); }

  const std::string& str() const { return text_; }
  friend auto operator<=>(const Id&, const Id&) = default;

 private:
  explicit Id(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

using UserId = Id<struct UserIdTag>;
using PatientId = Id<struct PatientIdTag>;  // patient_profiles.id
using ProviderId = Id<struct ProviderIdTag>;
using FileId = Id<struct FileIdTag>;  // stored_files.id
using SessionId = Id<struct SessionIdTag>;

}  // namespace imedic::core
