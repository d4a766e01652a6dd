// Encrypted photo and document storage end to end, on the real server and a
// real PostgreSQL: upload and download round trips, content sniffing, the
// per-route size cap (declared and chunked), row scope, audit rows, one
// stored copy per patient and content, a failure between the file write and
// the insert, the orphan sweep, soft delete, blobs bound to their patient,
// and master key rotation.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <utime.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "core/keyring.hpp"
#include "core/random.hpp"
#include "domains/files/file_service.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/server.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace std::string_literals;

constexpr const char* kPatientA = "20000000-0000-4000-8000-00000000000a";
constexpr const char* kPatientB = "20000000-0000-4000-8000-00000000000b";
constexpr const char* kUserA = "40000000-0000-4000-8000-000000000001";
constexpr const char* kUserB = "40000000-0000-4000-8000-000000000002";
constexpr const char* kClinic = "40000000-0000-4000-8000-000000000003";
constexpr const char* kSales = "40000000-0000-4000-8000-000000000004";
constexpr const char* kDoctor = "40000000-0000-4000-8000-000000000007";
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";

constexpr const char* kFixture = R"sql(
INSERT INTO user_profiles (user_id, first_name, last_name)
  SELECT id, 'First', 'Last' FROM users;
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'FUE',
   'hair_transplant');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001',
   'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002',
   'PAT-2026-000002', 'hair loss');
INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id,
                      procedure_date, procedure_time, total_cost) VALUES
  ('BK-2026-000001', '20000000-0000-4000-8000-00000000000a',
   '10000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000001',
   '2026-12-01', '09:00', 2500);
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-00000000000a', 'medical');
)sql";

// A PNG signature followed by a recognisable marker and `size` bytes in all.
std::string Png(const std::string& marker, std::size_t size = 4096) {
  std::string bytes = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s + marker;
  while (bytes.size() < size) bytes += core::RandomHex(16);
  bytes.resize(size);
  return bytes;
}

std::string Pdf(const std::string& marker) {
  return "%PDF-1.4\n1 0 obj << /Title (" + marker + ") >> endobj\ntrailer << >>\n%%EOF\n";
}

std::string Jpeg(const std::string& marker) {
  return "\xFF\xD8\xFF\xE0\0\x10JFIF\0"s + marker + std::string(1000, '\x42');
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every regular file under `dir`, recursively.
std::vector<fs::path> FilesUnder(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kUserA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kUserB, "pat.b@example.com", "patient", {"patient"});
    AddUser(c, kClinic, "clinic@example.com", "provider", {"provider_staff"});
    AddUser(c, kSales, "sales@example.com", "staff", {"sales"});
    AddUser(c, kDoctor, "doctor@example.com", "staff", {"medical"});
    AddProvider(c, {kProviderP, "Clinic P"});
    AddProviderMember(c, kClinic, kProviderP);
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
  }

  std::optional<HttpResponse> Upload(int port, const std::string& user, const std::string& patient,
                                     const std::string& kind, const std::string& body,
                                     const std::string& content_type) {
    return CallAs(port, db_.conn(), user, "POST",
                  "/patients/" + std::string(patient) + "/files?kind=" + kind, body, content_type);
  }

  std::optional<HttpResponse> Call(int port, const std::string& user, const std::string& method,
                                   const std::string& path) {
    return CallAs(port, db_.conn(), user, method, path);
  }

  std::string files_dir() { return server_.files_dir() + "/files"; }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(FilesTest, UploadDownloadRoundTripIsByteIdenticalAndNothingIsPlaintextOnDisk) {
  const std::string marker = "IMEDIC-SECRET-SCALP-" + core::RandomHex(6);
  const std::string png = Png(marker);
  auto up = Upload(server_.port(), kUserA, kPatientA, "hair_loss_photo", png, "image/png");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  Json rec = Json::parse(up->body);
  const std::string id = rec["id"];
  EXPECT_EQ(rec["patient_profile_id"], kPatientA);
  EXPECT_EQ(rec["kind"], "hair_loss_photo");
  EXPECT_EQ(rec["content_type"], "image/png");
  EXPECT_EQ(rec["byte_size"], png.size());
  EXPECT_EQ(rec["url"], "/files/" + id);
  EXPECT_TRUE(rec.contains("created_at"));

  auto down = Call(server_.port(), kUserA, "GET", "/files/" + id);
  ASSERT_TRUE(down);
  ASSERT_EQ(down->status, 200) << down->body;
  EXPECT_EQ(down->body, png);
  EXPECT_EQ(down->Header("content-type"), "image/png");
  EXPECT_EQ(down->Header("content-disposition"), "inline; filename=\"" + id + ".png\"");
  EXPECT_EQ(down->Header("cache-control"), "private, no-store");
  EXPECT_EQ(down->Header("x-content-type-options"), "nosniff");

  // A PDF document: attachment, its own type.
  const std::string pdf_marker = "IMEDIC-SECRET-LAB-" + core::RandomHex(6);
  const std::string pdf = Pdf(pdf_marker);
  auto up_pdf = Upload(server_.port(), kUserA, kPatientA, "medical_document", pdf,
                       "application/pdf");
  ASSERT_EQ(up_pdf->status, 201) << up_pdf->body;
  const std::string pdf_id = Json::parse(up_pdf->body)["id"];
  auto down_pdf = Call(server_.port(), kDoctor, "GET", "/files/" + pdf_id);
  ASSERT_EQ(down_pdf->status, 200) << down_pdf->body;
  EXPECT_EQ(down_pdf->body, pdf);
  EXPECT_EQ(down_pdf->Header("content-type"), "application/pdf");
  EXPECT_EQ(down_pdf->Header("content-disposition"), "attachment; filename=\"" + pdf_id + ".pdf\"");

  // On disk: two files, each named by the SHA-256 of its sealed bytes under
  // a two-hex shard, nonce + ciphertext + tag long, with no plaintext in them.
  auto files = FilesUnder(files_dir());
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) {
    std::string bytes = ReadFile(f);
    EXPECT_EQ(bytes.find(marker), std::string::npos) << f;
    EXPECT_EQ(bytes.find(pdf_marker), std::string::npos) << f;
    EXPECT_EQ(bytes.find("PNG"), std::string::npos) << f;
    EXPECT_EQ(bytes.find("%PDF"), std::string::npos) << f;
    EXPECT_EQ(f.parent_path().filename().string(), f.filename().string().substr(0, 2));
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  const std::string storage_name = Scalar(
      db_.conn(), "SELECT storage_name FROM stored_files WHERE id = $1", db::Params{id});
  EXPECT_EQ(ReadFile(files_dir() + "/" + storage_name.substr(0, 2) + "/" + storage_name).size(),
            png.size() + 24 + 16);
  // Nor in the database.
  EXPECT_EQ(
      Scalar(db_.conn(), "SELECT count(*) FROM stored_files s WHERE s::text LIKE '%' || $1 || '%'",
             db::Params{marker}),
      "0");
}

// Ids in paths are UUIDs in either case: an upper-case one names the same
// patient and file, and what it stored opens under the canonical id (the
// data key and the file are sealed with the id in their associated data).
TEST_F(FilesTest, UpperCaseIdsInPathsAreTheSameIds) {
  std::string upper = kPatientA;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_NE(upper, kPatientA);
  const std::string png = Png("upper");
  auto up = Upload(server_.port(), kUserA, upper, "hair_loss_photo", png, "image/png");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  Json rec = Json::parse(up->body);
  EXPECT_EQ(rec["patient_profile_id"], kPatientA);
  std::string id = rec["id"];
  auto down = Call(server_.port(), kUserA, "GET", "/files/" + id);
  ASSERT_EQ(down->status, 200) << down->body;
  EXPECT_EQ(down->body, png);
  for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto down_upper = Call(server_.port(), kUserA, "GET", "/files/" + id);
  ASSERT_EQ(down_upper->status, 200) << down_upper->body;
  EXPECT_EQ(down_upper->body, png);
  auto listed = Call(server_.port(), kUserA, "GET", "/patients/" + upper + "/files");
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(Json::parse(listed->body)["items"].size(), 1u);
}

TEST_F(FilesTest, ContentIsJudgedByItsBytes) {
  const int port = server_.port();
  auto expect = [&](const std::optional<HttpResponse>& r, int status, const std::string& what) {
    ASSERT_TRUE(r) << what;
    EXPECT_EQ(r->status, status) << what << ": " << r->body;
    if (status >= 400) {
      EXPECT_EQ(r->Header("content-type"), "application/problem+json") << what;
    }
  };
  expect(Upload(port, kUserA, kPatientA, "hair_loss_photo", "GIF89a" + std::string(100, 'x'),
                "image/png"),
         415, "a GIF");
  expect(Upload(port, kUserA, kPatientA, "medical_document", "<html>%PDF-1.4</html>",
                "application/pdf"),
         415, "HTML claiming to be a PDF");
  expect(Upload(port, kUserA, kPatientA, "hair_loss_photo", Png("x"), "image/jpeg"), 415,
         "a PNG declared as JPEG");
  expect(Upload(port, kUserA, kPatientA, "hair_loss_photo", Pdf("x"), "application/pdf"), 415,
         "a PDF as a photo");
  expect(Upload(port, kUserA, kPatientA, "hair_loss_photo", Png("x"), "application/json"), 415,
         "a PNG declared as JSON");
  expect(Upload(port, kUserA, kPatientA, "hair_loss_photo", "", "image/png"), 422, "empty");
  expect(Upload(port, kUserA, kPatientA, "selfie", Png("x"), "image/png"), 422, "unknown kind");
  expect(Request(port, "POST", std::string("/patients/") + kPatientA + "/files", Png("x"),
                 "image/png", {{"Authorization", "Bearer " + MintSession(db_.conn(), kUserA)}}),
         422, "no kind");
  auto problem = Upload(port, kUserA, kPatientA, "hair_loss_photo", "GIF89a", "image/gif");
  EXPECT_NE(Json::parse(problem->body)["detail"].get<std::string>().find("JPEG, PNG, HEIC or PDF"),
            std::string::npos);
  // Accepted: the generic type takes what the bytes are; JPEG as a document.
  expect(Upload(port, kUserA, kPatientA, "hair_loss_photo", Png("g"), "application/octet-stream"),
         201, "a PNG as octet-stream");
  expect(Upload(port, kUserA, kPatientA, "medical_document", Jpeg("j"), "image/jpeg"), 201,
         "a JPEG document");
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM stored_files"), "2");
  EXPECT_EQ(FilesUnder(files_dir()).size(), 2u);
}

TEST_F(FilesTest, UploadsHaveTheirOwnSizeCapDeclaredOrChunked) {
  TestServer small(db_.conninfo(), nullptr,
                   [](app::ApplicationOptions& o) { o.max_upload_bytes = 64 << 10; });
  const std::string auth = "Authorization: Bearer " + MintSession(db_.conn(), kUserA) + "\r\n";
  const std::string path = std::string("/patients/") + kPatientA + "/files?kind=hair_loss_photo";
  auto at_cap = Upload(small.port(), kUserA, kPatientA, "hair_loss_photo", Png("cap", 64 << 10),
                       "image/png");
  EXPECT_EQ(at_cap->status, 201) << at_cap->body;
  auto over = Upload(small.port(), kUserA, kPatientA, "hair_loss_photo",
                     Png("over", (64 << 10) + 1), "image/png");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 413);
  EXPECT_EQ(over->Header("content-type"), "application/problem+json");

  // Chunked: counted as it arrives.
  auto chunked = [&](std::size_t size) {
    RawConnection c(small.port());
    std::string body = Png("chunked-" + std::to_string(size), size);
    std::string req = "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth +
                      "Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (std::size_t at = 0; at < body.size(); at += 0x1000) {
      std::string part = body.substr(at, 0x1000);
      char len[16];
      std::snprintf(len, sizeof len, "%zx", part.size());
      req += std::string(len) + "\r\n" + part + "\r\n";
    }
    req += "0\r\n\r\n";
    EXPECT_TRUE(c.Send(req));
    return c.Read();
  };
  auto chunked_ok = chunked(60 << 10);
  ASSERT_TRUE(chunked_ok);
  EXPECT_EQ(chunked_ok->status, 201) << chunked_ok->body;
  auto chunked_over = chunked(80 << 10);
  ASSERT_TRUE(chunked_over);
  EXPECT_EQ(chunked_over->status, 413);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM stored_files"), "2");

  // The default cap (10 MiB) is above the server's general body limit (1
  // MiB), which still holds for every other route.
  auto big = Upload(server_.port(), kUserA, kPatientA, "hair_loss_photo", Png("big", 2 << 20),
                    "image/png");
  EXPECT_EQ(big->status, 201) << big->body;
  auto json_big = Request(server_.port(), "POST", "/auth/login", std::string(2 << 20, ' '));
  EXPECT_EQ(json_big->status, 413);
}

TEST_F(FilesTest, ScopeAndPermissions) {
  const int port = server_.port();
  auto up = Upload(port, kUserA, kPatientA, "hair_loss_photo", Png("scope"), "image/png");
  ASSERT_EQ(up->status, 201);
  const std::string id = Json::parse(up->body)["id"];
  const std::string file = "/files/" + id;
  const std::string list_a = std::string("/patients/") + kPatientA + "/files";

  // Another patient: 404 for the file, the list, and uploads to patient A.
  EXPECT_EQ(Call(port, kUserB, "GET", file)->status, 404);
  EXPECT_EQ(Call(port, kUserB, "GET", list_a)->status, 404);
  EXPECT_EQ(Call(port, kUserB, "DELETE", file)->status, 404);
  EXPECT_EQ(Upload(port, kUserB, kPatientA, "hair_loss_photo", Png("b"), "image/png")->status, 404);
  // Out of scope and missing look the same.
  auto other = Call(port, kUserB, "GET", file);
  auto missing = Call(port, kUserA, "GET", "/files/60000000-0000-4000-8000-000000000000");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(Json::parse(other->body)["detail"], Json::parse(missing->body)["detail"]);
  EXPECT_EQ(Call(port, kUserA, "GET", "/files/not-a-uuid")->status, 404);

  // Sales hold no patient permission at all: 403 everywhere.
  EXPECT_EQ(Call(port, kSales, "GET", file)->status, 403);
  EXPECT_EQ(Call(port, kSales, "GET", list_a)->status, 403);
  EXPECT_EQ(Upload(port, kSales, kPatientA, "hair_loss_photo", Png("s"), "image/png")->status, 403);
  // The clinic (booking with patient A) may read but not write medical data.
  EXPECT_EQ(Call(port, kClinic, "GET", file)->status, 200);
  EXPECT_EQ(Upload(port, kClinic, kPatientA, "hair_loss_photo", Png("c"), "image/png")->status,
            403);
  // The assigned clinician reads, lists and uploads, but passport scans need
  // patients.write, which only the patient holds.
  EXPECT_EQ(Call(port, kDoctor, "GET", file)->status, 200);
  auto listed = Call(port, kDoctor, "GET", list_a);
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(Json::parse(listed->body)["items"].size(), 1u);
  EXPECT_EQ(Upload(port, kDoctor, kPatientA, "outcome_photo", Png("d"), "image/png")->status, 201);
  EXPECT_EQ(Upload(port, kDoctor, kPatientA, "passport_scan", Pdf("p"), "application/pdf")->status,
            403);
  auto passport = Upload(port, kUserA, kPatientA, "passport_scan", Pdf("p"), "application/pdf");
  ASSERT_EQ(passport->status, 201);
  const std::string passport_file = "/files/" +
                                    Json::parse(passport->body)["id"].get<std::string>();
  EXPECT_EQ(Call(port, kDoctor, "DELETE", passport_file)->status, 403);
  EXPECT_EQ(Call(port, kUserA, "DELETE", passport_file)->status, 200);
  // Patient B's own empty list.
  auto list_b = Call(port, kUserB, "GET", std::string("/patients/") + kPatientB + "/files");
  ASSERT_EQ(list_b->status, 200);
  EXPECT_EQ(Json::parse(list_b->body)["items"], Json::array());
}

TEST_F(FilesTest, UploadAndEveryDownloadAreAudited) {
  const int port = server_.port();
  auto up = Upload(port, kUserA, kPatientA, "hair_loss_photo", Png("audit"), "image/png");
  ASSERT_EQ(up->status, 201);
  const std::string id = Json::parse(up->body)["id"];
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Call(port, kDoctor, "GET", "/files/" + id)->status, 200);
  EXPECT_EQ(Call(port, kUserB, "GET", "/files/" + id)->status, 404);  // not audited
  ASSERT_EQ(Call(port, kDoctor, "GET", std::string("/patients/") + kPatientA + "/files")->status,
            200);

  auto rows = db_.conn().ExecParams(
      "SELECT action, actor_user_id::text, actor_role, coalesce(row_id, '-'), "
      "subject_patient_profile_id::text, request_id IS NOT NULL, "
      "coalesce(array_to_string(changed_columns, ','), '') "
      "FROM audit_log WHERE table_name = 'stored_files' ORDER BY id",
      db::Params{});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->rows(), 5);
  EXPECT_EQ(rows->Get(0, 0), "create");
  EXPECT_EQ(rows->Get(0, 1), kUserA);
  EXPECT_EQ(rows->Get(0, 2), "patient");
  EXPECT_EQ(rows->Get(0, 3), id);
  EXPECT_EQ(rows->Get(0, 6), "kind,content_type,byte_size,storage_name,content_mac");
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(rows->Get(i, 0), "read");
    EXPECT_EQ(rows->Get(i, 1), kDoctor);
    EXPECT_EQ(rows->Get(i, 2), "medical");
    EXPECT_EQ(rows->Get(i, 3), id);
  }
  EXPECT_EQ(rows->Get(4, 0), "read");  // the list
  EXPECT_EQ(rows->Get(4, 3), "-");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(rows->Get(i, 4), kPatientA);
    EXPECT_EQ(rows->Get(i, 5), "t");
  }
  // The patient sees who opened their photo.
  auto log = Call(port, kUserA, "GET", "/me/access-log");
  ASSERT_EQ(log->status, 200) << log->body;
  EXPECT_NE(log->body.find("stored_files"), std::string::npos);
}

TEST_F(FilesTest, SameContentTwiceIsOneRowAndOneFilePerPatient) {
  const int port = server_.port();
  const std::string png = Png("twice");
  auto first = Upload(port, kUserA, kPatientA, "hair_loss_photo", png, "image/png");
  auto second = Upload(port, kDoctor, kPatientA, "hair_loss_photo", png, "image/png");
  ASSERT_EQ(first->status, 201);
  ASSERT_EQ(second->status, 200) << second->body;
  EXPECT_EQ(Json::parse(first->body)["id"], Json::parse(second->body)["id"]);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM stored_files"), "1");
  EXPECT_EQ(FilesUnder(files_dir()).size(), 1u);

  // Another patient's identical photo is a separate row and file, and the
  // two content MACs differ (equality across patients does not show).
  auto other = Upload(port, kUserB, kPatientB, "hair_loss_photo", png, "image/png");
  ASSERT_EQ(other->status, 201);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(DISTINCT content_mac) FROM stored_files"), "2");
  EXPECT_EQ(FilesUnder(files_dir()).size(), 2u);

  // Concurrent identical uploads agree on one row and leave one file.
  const std::string png2 = Png("race");
  std::vector<std::thread> threads;
  std::vector<int> statuses(6);
  std::vector<std::string> tokens;
  for (int i = 0; i < 6; ++i) tokens.push_back(MintSession(db_.conn(), kUserA));
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      auto r = Request(port, "POST",
                       std::string("/patients/") + kPatientA + "/files?kind=hair_loss_photo", png2,
                       "image/png", {{"Authorization", "Bearer " + tokens[i]}});
      statuses[i] = r ? r->status : 0;
    });
  }
  for (auto& t : threads) t.join();
  int created = 0;
  for (int s : statuses) {
    EXPECT_TRUE(s == 200 || s == 201) << s;
    created += s == 201;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM stored_files"), "3");
  EXPECT_EQ(FilesUnder(files_dir()).size(), 3u);
}

TEST_F(FilesTest, FailureBetweenFileWriteAndInsertLeavesNoRowAndRetryWorks) {
  // The insert fails after the file was written (as a crash or a lost
  // database would make it fail).
  ASSERT_TRUE(
      db_.conn().Exec("CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$; "
                      "CREATE TRIGGER fail_insert BEFORE INSERT ON stored_files "
                      "FOR EACH ROW EXECUTE FUNCTION fail_insert();"));
  const std::string png = Png("retry");
  auto failed = Upload(server_.port(), kUserA, kPatientA, "hair_loss_photo", png, "image/png");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM stored_files"), "0");
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM audit_log WHERE table_name = 'stored_files'"),
            "0");
  EXPECT_TRUE(FilesUnder(files_dir()).empty()) << "the unreferenced file is removed";

  ASSERT_TRUE(db_.conn().Exec("DROP TRIGGER fail_insert ON stored_files"));
  auto retried = Upload(server_.port(), kUserA, kPatientA, "hair_loss_photo", png, "image/png");
  ASSERT_EQ(retried->status, 201) << retried->body;
  auto down = Call(server_.port(), kUserA, "GET",
                   "/files/" + Json::parse(retried->body)["id"].get<std::string>());
  ASSERT_EQ(down->status, 200);
  EXPECT_EQ(down->body, png);
  EXPECT_EQ(FilesUnder(files_dir()).size(), 1u);
}

TEST_F(FilesTest, SweepRemovesOldOrphansAndKeepsReferencedAndRecentFiles) {
  auto up = Upload(server_.port(), kUserA, kPatientA, "hair_loss_photo", Png("kept"), "image/png");
  ASSERT_EQ(up->status, 201);
  // What a crash would leave: a published file no row names, and a temp file.
  files::FileService service(server_.app().pool(), TestKeyring(), files_dir(), 10 << 20);
  auto orphan = service.store().Put("sealed bytes nobody references");
  IMEDIC_ASSERT_OK(orphan);
  const std::string orphan_path = service.store().PathOf(*orphan);
  const std::string temp_path = fs::path(orphan_path).parent_path().string() + "/.tmp-deadbeef";
  std::ofstream(temp_path) << "half";
  auto recent = service.store().Put("a recent orphan, perhaps about to be inserted");
  IMEDIC_ASSERT_OK(recent);
  ASSERT_EQ(FilesUnder(files_dir()).size(), 4u);

  // Make all but `recent` two hours old.
  struct utimbuf old_times {};
  old_times.actime = old_times.modtime = std::time(nullptr) - 7200;
  for (const auto& f : FilesUnder(files_dir())) {
    if (f.filename() != *recent) {
      ASSERT_EQ(::utime(f.c_str(), &old_times), 0);
    }
  }
  auto removed = service.SweepOrphans(std::chrono::hours(1));
  IMEDIC_ASSERT_OK(removed);
  EXPECT_EQ(*removed, 2);
  EXPECT_FALSE(fs::exists(orphan_path));
  EXPECT_FALSE(fs::exists(temp_path));
  EXPECT_TRUE(fs::exists(service.store().PathOf(*recent)));
  auto down = Call(server_.port(), kUserA, "GET",
                   "/files/" + Json::parse(up->body)["id"].get<std::string>());
  EXPECT_EQ(down->status, 200);
}

TEST_F(FilesTest, SoftDeleteAnswersGoneAndAnUploadAgainIsANewRow) {
  const int port = server_.port();
  const std::string png = Png("delete");
  auto up = Upload(port, kUserA, kPatientA, "hair_loss_photo", png, "image/png");
  ASSERT_EQ(up->status, 201);
  const std::string id = Json::parse(up->body)["id"];
  EXPECT_EQ(Call(port, kDoctor, "DELETE", "/files/" + id)->status, 200);
  EXPECT_EQ(Call(port, kUserA, "GET", "/files/" + id)->status, 410);
  EXPECT_EQ(Call(port, kUserA, "DELETE", "/files/" + id)->status, 410);
  auto list = Call(port, kUserA, "GET", std::string("/patients/") + kPatientA + "/files");
  EXPECT_EQ(Json::parse(list->body)["items"], Json::array());
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'stored_files' AND "
                   "action = 'delete' AND row_id = $1",
                   db::Params{id}),
            "1");
  auto again = Upload(port, kUserA, kPatientA, "hair_loss_photo", png, "image/png");
  ASSERT_EQ(again->status, 201);
  EXPECT_NE(Json::parse(again->body)["id"], id);
}

TEST_F(FilesTest, ABlobMovedToAnotherPatientsRowDoesNotOpen) {
  const int port = server_.port();
  auto a = Upload(port, kUserA, kPatientA, "hair_loss_photo", Png("of A"), "image/png");
  auto b = Upload(port, kUserB, kPatientB, "hair_loss_photo", Png("of B"), "image/png");
  ASSERT_EQ(a->status, 201);
  ASSERT_EQ(b->status, 201);
  const std::string b_id = Json::parse(b->body)["id"];
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE stored_files SET storage_name = (SELECT storage_name FROM stored_files "
      "WHERE patient_profile_id = $1) WHERE id = $2",
      db::Params{kPatientA, b_id}));
  auto r = Call(port, kUserB, "GET", "/files/" + b_id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.find("of A"), std::string::npos);
}

TEST_F(FilesTest, FilesStayReadableAfterMasterKeyRotation) {
  const std::string png = Png("rotation");
  auto up = Upload(server_.port(), kUserA, kPatientA, "hair_loss_photo", png, "image/png");
  ASSERT_EQ(up->status, 201);
  const std::string id = Json::parse(up->body)["id"];
  const std::string before = Scalar(db_.conn(), "SELECT wrapped_key FROM patient_data_keys");

  // The test key as a key file, then `imedic keys rotate`'s two steps.
  TempDir dir("imedic-files-keys");
  const std::string key_file = dir.path() + "/master.keys";
  {
    std::ofstream out(key_file);
    out << "test1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";
  }
  ASSERT_EQ(::chmod(key_file.c_str(), 0600), 0);
  auto ring = core::Keyring::LoadFile(key_file);
  IMEDIC_ASSERT_OK(ring);
  IMEDIC_ASSERT_OK(ring->AppendNewKeyToFile(key_file));
  auto rewrapped = privacy::RewrapAll(db_.conn(), *ring);
  IMEDIC_ASSERT_OK(rewrapped);
  EXPECT_EQ(*rewrapped, 1);
  EXPECT_NE(Scalar(db_.conn(), "SELECT wrapped_key FROM patient_data_keys"), before);

  // A node restarted with the rotated key file, over the same files.
  app::ApplicationOptions options;
  options.conninfo = db_.conninfo();
  options.pool_size = 2;
  options.files_dir = files_dir();
  options.identity.password_policy = {1, 8 << 20};
  auto reloaded = core::Keyring::LoadFile(key_file);
  IMEDIC_ASSERT_OK(reloaded);
  app::Application rotated(std::move(options), std::move(*reloaded));
  http::Server server({.host = "127.0.0.1",
                       .port = 0,
                       .io_threads = 1,
                       .worker_threads = 2,
                       .handle_signals = false},
                      rotated.router(), rotated.authenticator(), rotated.http_policy());
  const int port = server.Listen();
  std::thread runner([&] { server.Run(); });
  auto down = Call(port, kUserA, "GET", "/files/" + id);
  auto up2 = Upload(port, kUserA, kPatientA, "hair_loss_photo", Png("after"), "image/png");
  server.Stop();
  runner.join();
  ASSERT_TRUE(down);
  ASSERT_EQ(down->status, 200) << down->body;
  EXPECT_EQ(down->body, png);
  ASSERT_TRUE(up2);
  EXPECT_EQ(up2->status, 201);
  // The file on disk was not touched by the rotation.
  EXPECT_EQ(FilesUnder(files_dir()).size(), 2u);
}

TEST_F(FilesTest, FiveMebibyteRoundTripTiming) {
  const std::string png = Png("timing", 5 << 20);
  const auto t0 = std::chrono::steady_clock::now();
  auto up = Upload(server_.port(), kUserA, kPatientA, "medical_document", png, "image/png");
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_EQ(up->status, 201) << up->body;
  auto down = Call(server_.port(), kUserA, "GET",
                   "/files/" + Json::parse(up->body)["id"].get<std::string>());
  const auto t2 = std::chrono::steady_clock::now();
  ASSERT_EQ(down->status, 200);
  EXPECT_EQ(down->body, png);
  const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::cout << "[ timing   ] 5 MiB upload " << ms(t1 - t0) << " ms, download " << ms(t2 - t1)
            << " ms (sanitizer build)\n";
  RecordProperty("upload_5mib_ms", static_cast<int>(ms(t1 - t0)));
  RecordProperty("download_5mib_ms", static_cast<int>(ms(t2 - t1)));
}

}  // namespace
}  // namespace imedic::testing
