#include "domains/exports/export_archive.hpp"

#include <map>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/aead.hpp"
#include "db/transaction.hpp"
#include "domains/exports/fhir_bundle.hpp"
#include "domains/exports/sql/queries.hpp"
#include "domains/exports/tar_writer.hpp"
#include "domains/files/file_service.hpp"
#include "domains/privacy/data_keys.hpp"

namespace imedic::exports {

namespace {

using Json = nlohmann::json;

// What the archive leaves out, and why (the manifest says it too).
const Json& LeftOut() {
  static const Json v = [] {
    Json out = Json::array();
    out.push_back(
        "user_credentials.password_hash, totp_secret_sealed, totp_last_step: secrets that "
        "prove identity, not information about the person");
    out.push_back(
        "recovery_codes.code_hash, verification_codes.code_hash, sessions.token_hash, "
        "api_tokens.token_hash: hashes of secrets");
    out.push_back("outbox.payload: may hold a one-time code; scrubbed once sent");
    out.push_back(
        "patient_data_keys, user_data_keys: the wrapped keys that seal the data, not data");
    out.push_back(
        "login_throttles, idempotency_keys, lead_capture_limits: keyed by hashes or "
        "addresses, kept for hours, not linked to the person");
    return out;
  }();
  return v;
}

struct Keys {
  std::optional<core::MasterKey> patient;
  std::optional<core::MasterKey> user;
};

std::string_view Extension(std::string_view content_type) {
  if (content_type == "image/jpeg") return "jpg";
  if (content_type == "image/png") return "png";
  if (content_type == "image/heic") return "heic";
  if (content_type == "application/pdf") return "pdf";
  return "bin";
}

// Opens one sealed value in place: the plaintext, parsed back to JSON for a
// JSONB column. A value that does not open stays as it is and its column is
// listed in the row's "_unopened".
void OpenValue(Json& row, const std::string& column, const std::string& place,
               const std::optional<core::MasterKey>& key, bool is_json) {
  Json& value = row[column];
  const std::string id = row.contains("id") && row["id"].is_string() ? row["id"].get<std::string>()
                                                                     : std::string();
  core::Result<std::string> plain = core::Fail(core::Error::NotFound("no key"));
  if (key && !id.empty()) plain = privacy::DecryptField(*key, value.get<std::string>(), place, id);
  if (!plain) {
    row["_unopened"].push_back(column);
    return;
  }
  if (is_json) {
    Json parsed = Json::parse(*plain, nullptr, /*allow_exceptions=*/false);
    value = parsed.is_discarded() ? Json(*plain) : std::move(parsed);
  } else {
    value = std::move(*plain);
  }
}

void OpenRows(const std::string& table, Json& rows, const Keys& keys,
              const std::set<std::string>& jsonb_columns) {
  for (Json& row : rows) {
    if (!row.is_object()) continue;
    // Messages of a sender who is not a patient are sealed with the user's
    // own key (content_key 'user'); everything else with the patient's.
    const bool user_key = table == "messages" && row.value("content_key", "") == "user";
    const std::optional<core::MasterKey>& key = user_key ? keys.user : keys.patient;
    std::vector<std::string> sealed;
    for (const auto& [column, value] : row.items()) {
      if (value.is_string() && privacy::LooksEncrypted(value.get_ref<const std::string&>())) {
        sealed.push_back(column);
      }
    }
    for (const std::string& column : sealed) {
      const std::string place = table + "." + column;
      OpenValue(row, column, place, key, jsonb_columns.contains(place));
    }
    // messages.metadata keeps its personal part sealed in one member.
    if (table == "messages" && row.contains("metadata") && row["metadata"].is_object()) {
      Json& metadata = row["metadata"];
      if (metadata.contains("sealed") && metadata["sealed"].is_string()) {
        Json holder = {{"id", row["id"]}, {"sealed", metadata["sealed"]}};
        OpenValue(holder, "sealed", "messages.metadata", key, true);
        metadata["sealed"] = holder["sealed"];
        if (holder.contains("_unopened")) row["_unopened"].push_back("metadata.sealed");
      }
    }
  }
}

core::Result<Keys> LoadKeys(const core::Keyring& ring, const db::PgResult& r) {
  Keys keys;
  const auto patient = r.GetOptional(0, 0);
  const auto wrapped = r.GetOptional(0, 1);
  if (patient && wrapped) {
    auto k = privacy::UnwrapDataKey(ring, *wrapped, *patient);
    if (!k) return core::Fail(k.error());
    keys.patient = std::move(*k);
  }
  const auto user_key_id = r.GetOptional(0, 2);
  const auto user_wrapped = r.GetOptional(0, 3);
  if (user_key_id && user_wrapped) {
    auto k = privacy::UnwrapUserDataKey(ring, *user_wrapped, *user_key_id);
    if (!k) return core::Fail(k.error());
    keys.user = std::move(*k);
  }
  return keys;
}

}  // namespace

core::Result<BuiltArchive> BuildArchive(db::Connection& conn, const core::Keyring& ring,
                                        const files::BlobStore& store, const std::string& export_id,
                                        const std::string& subject_user_id) {
  db::Transaction tx(conn);
  if (auto begun = tx.Begin("REPEATABLE READ READ ONLY"); !begun) {
    return core::Fail(begun.error());
  }
  auto head = conn.Execute(sql::kExportSubjectKeys, db::Params{subject_user_id});
  if (!head) return core::Fail(head.error());
  if (head->rows() != 1) return core::Fail(core::Error::NotFound("no such user"));
  auto keys = LoadKeys(ring, *head);
  if (!keys) return core::Fail(keys.error());
  BuiltArchive out;
  out.patient_profile_id = head->GetOptional(0, 0).value_or("");
  out.patient_key = keys->patient;
  const std::string generated_at(head->Get(0, 4));
  const std::int64_t mtime = std::stoll(std::string(head->Get(0, 5)));

  auto columns = conn.Execute(sql::kExportJsonbColumns);
  if (!columns) return core::Fail(columns.error());
  std::set<std::string> jsonb_columns;
  for (int i = 0; i < columns->rows(); ++i) jsonb_columns.emplace(columns->Get(i, 0));

  auto tables = conn.Execute(sql::kExportSubjectTables, db::Params{subject_user_id});
  if (!tables) return core::Fail(tables.error());
  auto file_rows = conn.Execute(sql::kExportSubjectFiles, db::Params{subject_user_id});
  if (!file_rows) return core::Fail(file_rows.error());
  if (auto done = tx.Commit(); !done) return core::Fail(done.error());

  std::vector<TarEntry> entries;
  std::map<std::string, Json> opened;
  Json manifest_tables = Json::array();
  for (int i = 0; i < tables->rows(); ++i) {
    const std::string table(tables->Get(i, 0));
    Json rows = Json::parse(tables->Get(i, 1));
    OpenRows(table, rows, *keys, jsonb_columns);
    const std::string file = "tables/" + table + ".json";
    out.row_count += static_cast<int>(rows.size());
    manifest_tables.push_back({{"file", file}, {"table", table}, {"rows", rows.size()}});
    entries.push_back({file, rows.dump(2)});
    opened.emplace(table, std::move(rows));
  }

  Json manifest_files = Json::array();
  Json unavailable = Json::array();
  for (int i = 0; i < file_rows->rows(); ++i) {
    const std::string id(file_rows->Get(i, 0)), patient(file_rows->Get(i, 1));
    const std::string storage(file_rows->Get(i, 2)), mac(file_rows->Get(i, 3));
    const std::string type(file_rows->Get(i, 4));
    auto sealed = store.Get(storage);
    core::Result<std::string> plain = core::Fail(core::Error::NotFound("no key"));
    if (sealed && keys->patient) {
      plain = core::OpenWithKey(*keys->patient, *sealed, files::FileAad(patient, mac));
    }
    if (!plain) {
      unavailable.push_back({{"stored_file_id", id},
                             {"reason", sealed ? "does not open" : "missing from the store"}});
      continue;
    }
    const std::string name = "files/" + id + "." + std::string(Extension(type));
    manifest_files.push_back(
        {{"file", name}, {"stored_file_id", id}, {"content_type", type}, {"bytes", plain->size()}});
    entries.push_back({name, std::move(*plain)});
    ++out.file_count;
  }

  Json bundle = BuildFhirBundle(opened, generated_at);
  const std::size_t resources = bundle["entry"].size();
  entries.push_back({"fhir/bundle.json", bundle.dump(2)});

  Json manifest = {{"format", "imedic-data-export"},
                   {"format_version", 1},
                   {"container", "POSIX ustar (tar), UTF-8 JSON files"},
                   {"export_id", export_id},
                   {"subject_user_id", subject_user_id},
                   {"generated_at", generated_at},
                   {"tables", std::move(manifest_tables)},
                   {"files", std::move(manifest_files)},
                   {"files_unavailable", std::move(unavailable)},
                   {"fhir", {{"file", "fhir/bundle.json"}, {"resources", resources}}},
                   {"left_out", LeftOut()}};
  entries.insert(entries.begin(), TarEntry{"manifest.json", manifest.dump(2)});
  auto tar = WriteTar(entries, mtime);
  if (!tar) return core::Fail(tar.error());
  out.tar = std::move(*tar);
  return out;
}

}  // namespace imedic::exports
