#include "domains/exports/export_resources.hpp"

#include "records/common_fields.hpp"

namespace imedic::exports {

using records::FieldType;
using records::ServerField;
using records::TimeField;

const records::Resource& DataExportRequestResource() {
  static const records::Resource r{
      .name = "DataExportRequest",
      .table = "data_export_requests",
      .description =
          "A request for an archive of everything the platform holds about a person (GDPR "
          "Art. 15 and 20): queued, built by a background job, downloadable for 24 hours",
      .fields = {
          records::IdField(),
          ServerField("subject_user_id", FieldType::kUuid, "Whose data", false),
          ServerField("requested_by", FieldType::kUuid,
                      "Who asked: the person, or a privacy officer on their behalf"),
          records::ServerEnum("status", {"queued", "running", "ready", "failed", "expired"},
                              "queued → running → ready (downloadable) → expired; failed "
                              "after three failed builds"),
          TimeField("requested_at", "When it was asked for"),
          TimeField("started_at", "When the latest build started"),
          TimeField("finished_at", "When the archive was ready (or the request failed)"),
          TimeField("expires_at", "Until when the archive may be downloaded (24 hours)"),
          ServerField("attempts", FieldType::kInt, "Builds started", false),
          ServerField("error", FieldType::kString, "Why the latest build failed: a code"),
          ServerField("byte_size", FieldType::kInt, "The archive's size (a tar), in bytes"),
          ServerField("sha256", FieldType::kString, "SHA-256 of the archive (hex)"),
          ServerField("row_count", FieldType::kInt, "Rows in the archive's tables"),
          ServerField("file_count", FieldType::kInt, "Stored files in the archive"),
          ServerField("downloads", FieldType::kInt, "How often it was downloaded", false),
          TimeField("last_downloaded_at", "The latest download"),
          ServerField("download_url", FieldType::kString,
                      "While ready: the link, valid until expires_at, to GET the archive "
                      "(signed; it works for the person and whoever may see the request)"),
      }};
  return r;
}

}  // namespace imedic::exports
