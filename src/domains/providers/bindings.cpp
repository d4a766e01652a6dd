#include "domains/providers/bindings.hpp"

#include "domains/privacy/record_hooks.hpp"
#include "domains/providers/resources.hpp"

namespace imedic::providers {

namespace {

using records::Arg;
using records::Placeholder;

// $scope is "all" or the comma-separated ids of the caller's providers.
std::string InScope(const std::string& provider_id, const std::string& scope) {
  return "(CASE WHEN " + scope + "::text = 'all' THEN TRUE ELSE " + provider_id +
         "::text = ANY (string_to_array(" + scope + "::text, ',')) END)";
}

// Anyone reads the catalogue; writes need the provider in the caller's scope.
std::string Scope(std::vector<Arg>& args, std::string_view alias, std::string_view column,
                  bool for_write) {
  if (!for_write) return "TRUE";
  return InScope(std::string(alias) + "." + std::string(column), Placeholder(args, Arg::kScope));
}

std::string ProviderScope(std::vector<Arg>& args, std::string_view alias, bool for_write) {
  return Scope(args, alias, "id", for_write);
}

std::string ChildScope(std::vector<Arg>& args, std::string_view alias, bool for_write) {
  return Scope(args, alias, "provider_id", for_write);
}

// providers.write is enough to list a provider; see the membership step.
std::string AnyProvider(std::vector<Arg>& /*args*/) { return "TRUE"; }

// A procedure or slot is added to a live provider within the caller's scope.
std::string LiveProviderInScope(std::vector<Arg>& args) {
  const std::string key = Placeholder(args, Arg::kKey);
  const std::string scope = Placeholder(args, Arg::kScope);
  return "EXISTS (SELECT 1 FROM providers pv WHERE pv.id = " + key +
         "::uuid AND pv.deleted IS NOT TRUE AND " + InScope("pv.id", scope) + ")";
}

std::string ProviderScopeText(const core::Principal& caller, bool /*write*/) {
  if (caller.HasRole("admin")) return "all";
  std::string ids;
  for (const auto& id : caller.provider_ids) ids += (ids.empty() ? "" : ",") + id;
  return ids;
}

// Provider staff who list a new provider (a doctor of their clinic) become
// its members, so they can keep it up to date; administrators manage every
// provider anyway.
std::string CreatorBecomesMember(std::vector<Arg>& args) {
  const std::string caller = Placeholder(args, Arg::kCaller);
  const std::string scope = Placeholder(args, Arg::kScope);
  return "member AS (INSERT INTO provider_members (user_id, provider_id, added_by) SELECT " +
         caller + "::uuid, ins.id, " + caller + "::uuid FROM ins WHERE " + scope +
         "::text <> 'all')";
}

const records::RowOwner kProviderOwner{
    .scope_condition = ProviderScope, .create_guard = AnyProvider, .scope_text = ProviderScopeText};

const records::RowOwner kChildOwner{.scope_condition = ChildScope,
                                    .create_guard = LiveProviderInScope,
                                    .scope_text = ProviderScopeText,
                                    .parent_column = "provider_id"};

}  // namespace

records::Binding ProviderBinding() {
  return records::Binding{.resource = &ProviderResource(),
                          .owner = &kProviderOwner,
                          .audit = privacy::RecordAuditSql,
                          .public_read = true,
                          .after_create = CreatorBecomesMember};
}

records::Binding ProcedureBinding() {
  return records::Binding{.resource = &ProcedureResource(),
                          .owner = &kChildOwner,
                          .audit = privacy::RecordAuditSql,
                          .public_read = true};
}

records::Binding AvailabilityBinding() {
  return records::Binding{
      .resource = &AvailabilityResource(),
      .owner = &kChildOwner,
      .audit = privacy::RecordAuditSql,
      .row_checks = {{"b.end_time > b.start_time", "end_time", "must be after start_time"},
                     {"b.procedure_id IS NULL OR EXISTS (SELECT 1 FROM procedures pr "
                      "WHERE pr.id = b.procedure_id AND pr.provider_id = b.provider_id "
                      "AND pr.deleted IS NOT TRUE)",
                      "procedure_id", "must be one of this provider's procedures"}},
      .public_read = true};
}

}  // namespace imedic::providers
