#include "domains/providers/provider_routes.hpp"

#include "domains/providers/bindings.hpp"

namespace imedic::providers {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::RouteDoc;
using http::RowKind;
using records::BoundTable;
using records::RecordService;

// Read, change, delete and restore of one row of `t` at `base` ("/x/{id}").
void AddRowRoutes(http::Router& router, const RecordService& records, const BoundTable& t,
                  const std::string& base, const char* write_permission, RowKind row,
                  const std::string& noun) {
  const records::Resource* r = t.binding.resource;
  router.Add(
      {"GET", base,
       [&records, &t](RequestContext& ctx) { return records.Read(t, ctx, ctx.params.Get("id")); },
       http::kPublic, "none", "Read a " + noun, BodyKind::kNone, row,
       RouteDoc{r, DocShape::kNone, DocShape::kOne, 200}});
  router.Add(
      {"PATCH", base,
       [&records, &t](RequestContext& ctx) { return records.Patch(t, ctx, ctx.params.Get("id")); },
       write_permission, "write", "Change a " + noun + " (JSON merge patch)", BodyKind::kJson, row,
       RouteDoc{.resource = r,
                .request = DocShape::kPatch,
                .response = DocShape::kOne,
                .status = 200,
                .if_match = true}});
  router.Add(
      {"DELETE", base,
       [&records, &t](RequestContext& ctx) { return records.Delete(t, ctx, ctx.params.Get("id")); },
       write_permission, "write", "Delete a " + noun + " (restorable)", BodyKind::kNone, row,
       RouteDoc{.resource = r,
                .request = DocShape::kNone,
                .response = DocShape::kNone,
                .status = 204,
                .if_match = true}});
  router.Add({"POST", base + "/restore",
              [&records, &t](RequestContext& ctx) {
                return records.Restore(t, ctx, ctx.params.Get("id"));
              },
              "records.restore", "write", "Restore a deleted " + noun, BodyKind::kNone, row,
              RouteDoc{r, DocShape::kNone, DocShape::kOne, 200}});
}

// The rows of `t` under a provider: list (public) and create.
void AddChildRoutes(http::Router& router, const RecordService& records, const BoundTable& t,
                    const std::string& path, const char* write_permission, const std::string& nouns,
                    const std::string& noun) {
  const records::Resource* r = t.binding.resource;
  router.Add({"GET", path,
              [&records, &t, path](RequestContext& ctx) {
                std::string id(ctx.params.Get("id"));
                std::string link = "/providers/" + id + path.substr(path.rfind('/'));
                return records.List(t, ctx, link, "provider_id", id);
              },
              http::kPublic, "none", "List a provider's " + nouns, BodyKind::kNone,
              RowKind::kProvider, RouteDoc{r, DocShape::kNone, DocShape::kPage, 200}});
  router.Add(
      {"POST", path,
       [&records, &t](RequestContext& ctx) { return records.Create(t, ctx, ctx.params.Get("id")); },
       write_permission, "write", "Add a " + noun + " to a provider", BodyKind::kJson,
       RowKind::kProvider, RouteDoc{r, DocShape::kCreate, DocShape::kOne, 201}});
}

}  // namespace

void RegisterProviderRoutes(http::Router& router, RecordService& records) {
  const BoundTable& providers = records.Bind(ProviderBinding(), "name.asc");
  const BoundTable& procedures = records.Bind(ProcedureBinding(), "name.asc");
  const BoundTable& slots = records.Bind(AvailabilityBinding(), "date.asc,start_time.asc");

  router.Add({"GET", "/providers",
              [&records, &providers](RequestContext& ctx) {
                return records.List(providers, ctx, "/providers");
              },
              http::kPublic, "none", "List providers (filters, sorting, pages)", BodyKind::kNone,
              RowKind::kNone,
              RouteDoc{providers.binding.resource, DocShape::kNone, DocShape::kPage, 200}});
  router.Add({"POST", "/providers",
              [&records, &providers](RequestContext& ctx) {
                // A provider has no owner row: the key only has to be a valid id.
                return records.Create(providers, ctx, ctx.principal->user_id);
              },
              "providers.write", "write",
              "Add a provider (its creator becomes a member unless an administrator)",
              BodyKind::kJson, RowKind::kNone,
              RouteDoc{providers.binding.resource, DocShape::kCreate, DocShape::kOne, 201}});
  AddRowRoutes(router, records, providers, "/providers/{id}", "providers.write", RowKind::kProvider,
               "provider");
  AddChildRoutes(router, records, procedures, "/providers/{id}/procedures", "procedures.write",
                 "procedures", "procedure");
  router.Add({"GET", "/procedures",
              [&records, &procedures](RequestContext& ctx) {
                return records.List(procedures, ctx, "/procedures");
              },
              http::kPublic, "none", "List procedures of every provider (filters, sorting, pages)",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{procedures.binding.resource, DocShape::kNone, DocShape::kPage, 200}});
  AddRowRoutes(router, records, procedures, "/procedures/{id}", "procedures.write", RowKind::kNone,
               "procedure");
  AddChildRoutes(router, records, slots, "/providers/{id}/availability", "availability.write",
                 "availability slots", "slot");
  AddRowRoutes(router, records, slots, "/availability/{id}", "availability.write", RowKind::kNone,
               "availability slot");
}

}  // namespace imedic::providers
