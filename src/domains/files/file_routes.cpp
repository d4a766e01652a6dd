#include "domains/files/file_routes.hpp"

#include <memory>

#include "core/ids.hpp"
#include "domains/files/file_service.hpp"
#include "http/query_string.hpp"

namespace imedic::files {

namespace {

using http::RequestContext;
using http::Response;

Caller CallerOf(const RequestContext& ctx) {
  const core::Principal& p = *ctx.principal;
  Caller c{p.user_id, p.patient_scopes.ToSql(), ctx.request.request_id, std::nullopt,
           p.AuditRole()};
  if (!ctx.request.remote_address.empty()) c.ip = ctx.request.remote_address;
  return c;
}

// ?kind=<kind>, the only query parameter an upload takes (http::ReadQuery's rules).
core::Result<FileKind> KindFromQuery(std::string_view query) {
  auto pairs = http::ReadQuery(query,
                               {.known = [](std::string_view name) { return name == "kind"; }});
  if (!pairs) return core::Fail(pairs.error());
  if (pairs->empty()) {
    return core::Fail(http::QueryParameterError(
        "kind", "required: hair_loss_photo, medical_document, passport_scan or outcome_photo"));
  }
  auto kind = ParseFileKind(pairs->front().second);
  if (!kind) {
    return core::Fail(http::QueryParameterError(
        "kind", "one of hair_loss_photo, medical_document, passport_scan, outcome_photo"));
  }
  return *kind;
}

std::string_view Extension(MediaType type) {
  switch (type) {
    case MediaType::kJpeg: return "jpg";
    case MediaType::kPng: return "png";
    case MediaType::kHeic: return "heic";
    case MediaType::kPdf: return "pdf";
  }
  return "bin";
}

}  // namespace

void RegisterFileRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                        FileSettings settings) {
  auto service = std::make_shared<FileService>(pool, keys, std::move(settings.dir),
                                               settings.max_upload_bytes);

  http::Route upload{
      "POST",
      "/patients/{id}/files",
      [service](RequestContext& ctx) -> core::Result<Response> {
        auto id = core::PatientId::Parse(ctx.params.Get("id"));
        if (!id) return core::Fail(core::Error::NotFound());
        auto kind = KindFromQuery(ctx.request.query);
        if (!kind) return core::Fail(kind.error());
        // Passport scans are identity documents: they also need patients.write.
        if (*kind == FileKind::kPassportScan && !ctx.principal->Has("patients.write")) {
          return core::Fail(core::Error(core::ErrorCode::kForbidden,
                                        "this account may not upload passport scans "
                                        "(patients.write)"));
        }
        auto r = service->Upload(CallerOf(ctx), *id, *kind, ctx.request.HeaderValue("content-type"),
                                 ctx.request.body);
        if (!r) return core::Fail(r.error());
        return Response::Json(r->created ? 201 : 200, std::move(r->json));
      },
      "patients.medical.write",
      "write",
      "Upload a photo or document (JPEG, PNG, HEIC, PDF) for a patient, stored encrypted",
      http::BodyKind::kBinary,
      http::RowKind::kPatient};
  upload.doc.request = http::DocShape::kBinary;
  upload.doc.status = 201;
  upload.max_body_bytes = service->max_upload_bytes();
  router.Add(std::move(upload));

  http::Route list{"GET",
                   "/patients/{id}/files",
                   [service](RequestContext& ctx) -> core::Result<Response> {
                     auto id = core::PatientId::Parse(ctx.params.Get("id"));
                     if (!id) return core::Fail(core::Error::NotFound());
                     auto r = service->List(CallerOf(ctx), *id);
                     if (!r) return core::Fail(r.error());
                     return Response::Json(200, std::move(*r));
                   },
                   "patients.medical.read",
                   "read",
                   "A patient's stored photos and documents (metadata, not content)",
                   http::BodyKind::kNone,
                   http::RowKind::kPatient};
  router.Add(std::move(list));

  http::Route download{"GET",
                       "/files/{id}",
                       [service](RequestContext& ctx) -> core::Result<Response> {
                         auto id = core::FileId::Parse(ctx.params.Get("id"));
                         if (!id) return core::Fail(core::Error::NotFound());
                         auto file = service->Download(CallerOf(ctx), *id);
                         if (!file) return core::Fail(file.error());
                         Response r;
                         r.status = 200;
                         r.content_type = std::string(MediaTypeName(file->type));
                         r.body = std::move(file->bytes);
                         // A PDF is saved rather than rendered inline in the API's origin.
                         r.headers.emplace_back(
                             "content-disposition",
                             std::string(file->type == MediaType::kPdf ? "attachment" : "inline") +
                                 "; filename=\"" + id->str() + "." +
                                 std::string(Extension(file->type)) + "\"");
                         r.headers.emplace_back("cache-control", "private, no-store");
                         return r;
                       },
                       "patients.medical.read",
                       "read",
                       "The decrypted content of a stored photo or document",
                       http::BodyKind::kNone,
                       http::RowKind::kFile};
  download.doc.response = http::DocShape::kBinary;
  router.Add(std::move(download));

  http::Route remove{"DELETE",
                     "/files/{id}",
                     [service](RequestContext& ctx) -> core::Result<Response> {
                       auto id = core::FileId::Parse(ctx.params.Get("id"));
                       if (!id) return core::Fail(core::Error::NotFound());
                       auto r = service->Delete(CallerOf(ctx), *id,
                                                ctx.principal->Has("patients.write"));
                       if (!r) return core::Fail(r.error());
                       return Response::Json(200, R"({"status":"deleted"})");
                     },
                     "patients.medical.write",
                     "write",
                     "Delete a stored photo or document (soft delete)",
                     http::BodyKind::kNone,
                     http::RowKind::kFile};
  router.Add(std::move(remove));
}

}  // namespace imedic::files
