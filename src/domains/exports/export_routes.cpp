#include "domains/exports/export_routes.hpp"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/aead.hpp"
#include "core/percent_encoding.hpp"
#include "core/uuid.hpp"
#include "domains/exports/download_token.hpp"
#include "domains/exports/export_job.hpp"
#include "domains/exports/export_resources.hpp"
#include "domains/exports/sql/queries.hpp"
#include "domains/files/blob_store.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/query_string.hpp"

namespace imedic::exports {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RowKind;
using Json = nlohmann::json;

struct Context {
  db::Pool& pool;
  const core::Keyring& keys;
  std::string files_dir;
};

// Exporting someone else's data: privacy.export and the right to see other
// accounts (users.read). Patients hold privacy.export for themselves only.
bool MayExportAnyone(const core::Principal& who) {
  return who.Has("privacy.export") && who.Has("users.read");
}

std::optional<std::string> IpOf(const RequestContext& ctx) {
  if (ctx.request.remote_address.empty()) return std::nullopt;
  return ctx.request.remote_address;
}

// A request as shown: the row's JSON, plus its download link while ready.
Json Shown(const Context& cx, std::string_view row, std::optional<std::string> expires) {
  Json out = Json::parse(row);
  if (out.value("status", "") == "ready" && expires) {
    const std::string id = out["id"].get<std::string>();
    out["download_url"] =
        "/exports/" + id + "/download?token=" +
        core::PercentEncode(IssueDownloadToken(cx.keys, id, std::stoll(*expires)));
  } else {
    out["download_url"] = nullptr;
  }
  return out;
}

core::Result<Response> Create(const Context& cx, RequestContext& ctx, const std::string& subject) {
  const core::Principal& who = *ctx.principal;
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  // A concurrent twin may win the insert between this statement's snapshot
  // and its insert; the second try then sees the open request.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto r = (*conn)->Execute(sql::kExportRequestCreate,
                              db::Params{subject, who.user_id, who.AuditRole(),
                                         ctx.request.request_id, IpOf(ctx), MayExportAnyone(who)});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) return core::Fail(core::Error::NotFound());
    const auto row = r->GetOptional(0, 0);
    if (!row) continue;
    Json shown = Shown(cx, *row, std::nullopt);
    Response out = Response::Json(202, shown.dump());
    out.headers.emplace_back("location", "/exports/" + shown["id"].get<std::string>());
    return out;
  }
  return core::Fail(core::Error::Conflict("an export of this person is being queued; try again"));
}

core::Result<Response> Get(const Context& cx, RequestContext& ctx) {
  auto id = core::ParseUuid(ctx.params.Get("id"));
  if (!id) return core::Fail(core::Error::NotFound());
  const core::Principal& who = *ctx.principal;
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kExportRequestGet,
                            db::Params{*id, who.user_id, MayExportAnyone(who)});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, Shown(cx, r->Get(0, 0), r->GetOptional(0, 1)).dump());
}

core::Result<Response> ListMine(const Context& cx, RequestContext& ctx) {
  // No parameters: the list is short (100 at most), so it has no paging.
  auto query = http::ReadQuery(ctx.request.query,
                               {.known = [](std::string_view) { return false; }});
  if (!query) return core::Fail(query.error());
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kExportRequestList, db::Params{ctx.principal->user_id});
  if (!r) return core::Fail(r.error());
  Json items = Json::array();
  for (int i = 0; i < r->rows(); ++i)
    items.push_back(Shown(cx, r->Get(i, 0), r->GetOptional(i, 1)));
  return Response::Json(200, Json{{"items", std::move(items)}, {"next", nullptr}}.dump());
}

core::Result<std::string> TokenOf(std::string_view query) {
  auto pairs = http::ReadQuery(query,
                               {.known = [](std::string_view name) { return name == "token"; }});
  if (!pairs) return core::Fail(pairs.error());
  if (pairs->empty() || pairs->front().second.empty()) {
    return core::Fail(http::QueryParameterError("token", "required: the link's token"));
  }
  return std::move(pairs->front().second);
}

core::Error Gone(std::string message) {
  return core::Error(core::ErrorCode::kGone, std::move(message));
}

core::Result<Response> Download(const Context& cx, RequestContext& ctx) {
  auto id = core::ParseUuid(ctx.params.Get("id"));
  if (!id) return core::Fail(core::Error::NotFound());
  const core::Principal& who = *ctx.principal;
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto t = (*conn)->Execute(sql::kExportDownloadTarget,
                            db::Params{*id, who.user_id, MayExportAnyone(who)});
  if (!t) return core::Fail(t.error());
  if (t->rows() != 1) return core::Fail(core::Error::NotFound());
  auto token = TokenOf(ctx.request.query);
  if (!token) return core::Fail(token.error());
  const std::string status(t->Get(0, 0));
  if (status == "expired") return core::Fail(Gone("the archive has expired; ask for a new export"));
  if (status != "ready") {
    return core::Fail(core::Error::Conflict("the archive is not ready (" + status + ")"));
  }
  if (!CheckDownloadToken(cx.keys, *token, *id, std::stoll(std::string(t->Get(0, 1))))) {
    return core::Fail(core::Error(core::ErrorCode::kForbidden, "the link is not valid"));
  }
  const files::BlobStore store(ExportStoreDir(cx.files_dir));
  auto sealed = store.Get(t->Get(0, 2));
  if (!sealed) return core::Fail(Gone("the archive is no longer stored"));
  core::Result<std::string> tar = core::Fail(core::Error::Internal("unknown seal"));
  if (t->Get(0, 3) == "patient") {
    privacy::DataKeys data_keys(cx.keys);
    auto key = data_keys.Get(**conn, core::PatientId::Trusted(std::string(t->Get(0, 4))));
    // No key: the patient was erased; the archive can never be opened again.
    if (!key) {
      if (key.error().code == core::ErrorCode::kNotFound) {
        return core::Fail(Gone("the archive can no longer be opened"));
      }
      return core::Fail(key.error());
    }
    tar = core::OpenWithKey(*key, *sealed, ArchiveAad(*id));
  } else {
    tar = core::Open(cx.keys, *sealed, ArchiveAad(*id));
  }
  if (!tar) return core::Fail(tar.error());
  auto recorded = (*conn)->Execute(
      sql::kExportDownloadRecord,
      db::Params{*id, who.user_id, who.AuditRole(), ctx.request.request_id, IpOf(ctx)});
  if (!recorded) return core::Fail(recorded.error());
  if (recorded->rows() != 1) return core::Fail(Gone("the archive has expired"));
  Response r;
  r.status = 200;
  r.content_type = "application/x-tar";
  r.body = std::move(*tar);
  r.headers.emplace_back("content-disposition",
                         "attachment; filename=\"imedic-export-" + *id + ".tar\"");
  r.headers.emplace_back("cache-control", "private, no-store");
  return r;
}

http::RouteDoc OneDoc(int status) {
  http::RouteDoc d;
  d.output = &DataExportRequestResource();
  d.response = DocShape::kOne;
  d.status = status;
  return d;
}

}  // namespace

void RegisterExportRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                          std::string files_dir) {
  auto cx = std::make_shared<Context>(Context{pool, keys, std::move(files_dir)});
  router.Add({"POST", "/me/export",
              [cx](RequestContext& ctx) { return Create(*cx, ctx, ctx.principal->user_id); },
              http::kAuthenticated, "write",
              "Ask for an archive of everything the platform holds about the caller (GDPR "
              "Art. 15 and 20); answers the open request when one is queued or running",
              BodyKind::kNone, RowKind::kSelf, OneDoc(202)})
      << http::Documents{409};
  router.Add({"POST", "/users/{id}/export",
              [cx](RequestContext& ctx) -> core::Result<Response> {
                auto subject = core::ParseUuid(ctx.params.Get("id"));
                if (!subject) return core::Fail(core::Error::NotFound());
                return Create(*cx, ctx, *subject);
              },
              "privacy.export", "write",
              "Ask for an archive of a person's data on their behalf (privacy officer, admin; "
              "others only for themselves)",
              BodyKind::kNone, RowKind::kUser, OneDoc(202)})
      << http::Documents{409};
  http::RouteDoc list;
  list.resource = &DataExportRequestResource();
  list.response = DocShape::kPage;
  static const std::vector<http::DocParam> kNoParams;
  list.query = &kNoParams;
  router.Add({"GET", "/me/exports", [cx](RequestContext& ctx) { return ListMine(*cx, ctx); },
              http::kAuthenticated, "none",
              "The caller's export requests, newest first (the latest 100)", BodyKind::kNone,
              RowKind::kSelf, list});
  router.Add({"GET", "/exports/{id}", [cx](RequestContext& ctx) { return Get(*cx, ctx); },
              http::kAuthenticated, "none",
              "One export request, with its download link while the archive is ready",
              BodyKind::kNone, RowKind::kNone, OneDoc(200)});
  static const std::vector<http::DocParam> kDownloadParams = {
      {"token", "string", "The link's token (from download_url)"}};
  http::RouteDoc download;
  download.response = DocShape::kBinary;
  download.media = {"application/x-tar"};
  download.query = &kDownloadParams;
  router.Add({"GET", "/exports/{id}/download",
              [cx](RequestContext& ctx) { return Download(*cx, ctx); }, http::kAuthenticated,
              "read",
              "The archive (a tar: manifest.json, tables/*.json, files/*, fhir/bundle.json), "
              "while its link is valid (24 hours); every download is audited",
              BodyKind::kNone, RowKind::kNone, download})
      << http::Documents{409, 410, 422};
}

}  // namespace imedic::exports
