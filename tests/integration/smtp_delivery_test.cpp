// E-mail over SMTP against a local aiosmtpd sink (tests/support/smtp_sink.py)
// started by the test: a plain run on the loopback interface, and a run
// with STARTTLS required, a self-signed certificate made with the openssl
// CLI that the adapter trusts as its CA file, and AUTH. The stored message
// is parsed back: multipart/alternative, Message-ID, In-Reply-To,
// References, an RFC 2047 subject.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/random.hpp"
#include "domains/messaging/channels/http_client.hpp"
#include "domains/messaging/channels/mime_message.hpp"
#include "domains/messaging/channels/smtp_channel.hpp"
#include "domains/messaging/channels/whatsapp_channel.hpp"
#include "domains/messaging/outbox.hpp"
#include "support/test_database.hpp"

namespace imedic::messaging {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::TestDatabase;

HttpRequest Post(const std::string& url) {
  HttpRequest request;
  request.url = url;
  request.body = "{}";
  return request;
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return 0;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A python3 script of tests/support as a child process, stopped with SIGTERM
// when the test ends; `ready_file` appears once it listens.
class Script {
 public:
  Script(const std::string& script, std::vector<std::string> args, std::string ready_file)
      : ready_file_(std::move(ready_file)) {
    args.insert(args.begin(),
                {"/usr/bin/python3", std::string(IMEDIC_SOURCE_DIR) + "/tests/support/" + script});
    pid_ = ::fork();
    if (pid_ == 0) {
      // Its output (tracebacks of the refused handshakes) beside its ready file.
      const int log = ::open((ready_file_ + ".log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(log, 1);
      ::dup2(log, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!ready() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Script() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  Script(const Script&) = delete;
  Script& operator=(const Script&) = delete;
  bool ready() const { return std::filesystem::exists(ready_file_); }

 private:
  std::string ready_file_;
  pid_t pid_ = -1;
};

// The aiosmtpd sink (tests/support/smtp_sink.py) and what it received.
class SmtpSink {
 public:
  explicit SmtpSink(const std::vector<std::string>& tls_args = {})
      : port_(FreePort()),
        made_(MakeDir(dir_.path() + "/mail")),
        script_("smtp_sink.py", Args(tls_args), mail_dir() + "/ready") {}
  bool ready() const { return script_.ready(); }
  std::string mail_dir() const { return dir_.path() + "/mail"; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::string Message(int n) const { return ReadFile(Name(n) + ".eml"); }
  json Envelope(int n) const { return json::parse(ReadFile(Name(n) + ".json")); }
  int Count() const {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(mail_dir())) {
      if (e.path().extension() == ".eml") ++n;
    }
    return n;
  }

 private:
  static bool MakeDir(const std::string& path) { return std::filesystem::create_directories(path); }
  std::vector<std::string> Args(const std::vector<std::string>& tls_args) const {
    std::vector<std::string> args = {std::to_string(port_), mail_dir()};
    args.insert(args.end(), tls_args.begin(), tls_args.end());
    return args;
  }
  std::string Name(int n) const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "/%04d", n);
    return mail_dir() + buf;
  }
  TempDir dir_{"imedic-smtp"};
  int port_;
  bool made_;
  Script script_;
};

// A self-signed certificate for 127.0.0.1 (made with the openssl CLI) that
// a client trusts by naming it as its CA file.
struct SelfSignedCertificate {
  SelfSignedCertificate() {
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key + " -out " + cert + " 2>/dev/null";
    ok = std::system(command.c_str()) == 0;
  }
  TempDir dir{"imedic-tls"};
  std::string cert = dir.path() + "/cert.pem";
  std::string key = dir.path() + "/key.pem";
  bool ok = false;
};

// The value of header `name` in the header block of `message` (unfolded).
std::string Header(const std::string& message, const std::string& name) {
  const std::string head = message.substr(0, message.find("\r\n\r\n"));
  const std::string key = "\r\n" + name + ": ";
  auto pos = ("\r\n" + head).find(key);
  if (pos == std::string::npos) return "";
  std::string value;
  std::size_t i = pos + key.size() - 2;
  while (i < head.size()) {
    auto end = head.find("\r\n", i);
    if (end == std::string::npos) end = head.size();
    value += head.substr(i, end - i);
    if (end + 2 < head.size() && (head[end + 2] == ' ' || head[end + 2] == '\t')) {
      i = end + 2;  // a folded continuation line
    } else {
      break;
    }
  }
  return value;
}

// Decodes "=?UTF-8?B?…?=" words separated by folding white space.
std::string DecodeRfc2047(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  while ((i = value.find("=?UTF-8?B?", i)) != std::string::npos) {
    const auto end = value.find("?=", i + 10);
    out += core::Base64Decode(value.substr(i + 10, end - i - 10)).value_or("<bad base64>");
    i = end + 2;
  }
  return out;
}

// The decoded body of the part whose Content-Type starts with `type`.
std::string Part(const std::string& message, const std::string& type) {
  const auto at = message.find("Content-Type: " + type);
  if (at == std::string::npos) return "";
  const auto body = message.find("\r\n\r\n", at) + 4;
  const auto end = message.find("\r\n--", body);
  std::string b64;
  for (char c : message.substr(body, end - body)) {
    if (c != '\r' && c != '\n') b64 += c;
  }
  return core::Base64Decode(b64).value_or("<bad base64>");
}

SmtpConfig PlainConfig(const SmtpSink& sink) {
  return {.url = sink.url(),
          .user = "",
          .password = "",
          .require_tls = false,
          .ca_file = std::nullopt,
          .from = "iMedic Care <care@imedic.example>",
          .domain = "",
          .timeout = std::chrono::seconds(10),
          .connect_timeout = std::chrono::seconds(5)};
}

TEST(Mime, SubjectWordsStayWithinLimitsAndSplitOnCharacters) {
  const std::string subject =
      "Randevunuz onaylandı — Ameliyat öncesi bilgilendirme, İstanbul Şişli kliniği, çarşamba günü";
  const std::string encoded = EncodeHeaderWord(subject);
  EXPECT_EQ(DecodeRfc2047(encoded), subject);
  std::size_t start = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 75u) << "encoded-word over 75 characters";
    start = end + 3;
  }
  EXPECT_EQ(EncodeHeaderWord("Plain ASCII subject"), "Plain ASCII subject");
  EXPECT_EQ(DecodeRfc2047(EncodeHeaderWord(std::string(100, '\x80'))), std::string(100, '\x80'))
      << "bytes that are not UTF-8 still end";
  EXPECT_EQ(EncodeMailbox("iMedic Care <care@imedic.example>"),
            "iMedic Care <care@imedic.example>");
  EXPECT_EQ(EncodeMailbox("İmedic Bakım <care@imedic.example>"),
            "=?UTF-8?B?xLBtZWRpYyBCYWvEsW0=?= <care@imedic.example>");
  EXPECT_EQ(EncodeMailbox("care@imedic.example"), "care@imedic.example");
  // A header that would inject lines is refused.
  MailContent bad{.from = "a@b.c",
                  .to = "x@y.z\r\nBcc: victim@example.com",
                  .subject = "s",
                  .text = "t",
                  .html = "",
                  .message_id = "<1@b.c>",
                  .in_reply_to = "",
                  .references = {},
                  .date = 0,
                  .boundary = "=_b"};
  EXPECT_FALSE(BuildMimeMessage(bad).has_value());
}

TEST(SmtpDelivery, PlainSinkGetsAMultipartAlternativeThreadedMessage) {
  core::InitCrypto();
  SmtpSink sink;
  ASSERT_TRUE(sink.ready()) << "smtp_sink.py did not start (python3-aiosmtpd installed?)";
  SmtpChannel channel(PlainConfig(sink));
  json payload = {{"subject", "Ön görüşme: İstanbul'da 3 gün"},
                  {"text", "Merhaba Ayşe,\n.\nA line with a lone dot above.\nSevgiler"},
                  {"html", "<p>Merhaba <b>Ayşe</b></p>"},
                  {"in_reply_to", "<CAF=abc123@mail.gmail.com>"},
                  {"references", "<first@mail.example> <CAF=abc123@mail.gmail.com>"}};
  auto receipt =
      channel.Deliver({11, "email", "patient@example.com", "conversation_message", payload.dump()});
  IMEDIC_ASSERT_OK(receipt);
  ASSERT_EQ(sink.Count(), 1);
  const std::string m = sink.Message(1);
  const json envelope = sink.Envelope(1);
  EXPECT_EQ(envelope["mail_from"], "care@imedic.example");
  EXPECT_EQ(envelope["rcpt_tos"], json::array({"patient@example.com"}));
  EXPECT_EQ(envelope["tls"], false);
  // Our Message-ID is the provider id: <uuid@domain of From>.
  EXPECT_EQ(Header(m, "Message-ID"), receipt->provider_message_id);
  EXPECT_EQ(receipt->provider_message_id.size(), 1 + 36 + 1 + 14 + 1);
  EXPECT_NE(receipt->provider_message_id.find("@imedic.example>"), std::string::npos);
  EXPECT_EQ(Header(m, "In-Reply-To"), "<CAF=abc123@mail.gmail.com>");
  EXPECT_EQ(Header(m, "References"), "<first@mail.example> <CAF=abc123@mail.gmail.com>");
  EXPECT_EQ(Header(m, "From"), "iMedic Care <care@imedic.example>");
  EXPECT_EQ(Header(m, "To"), "patient@example.com");
  EXPECT_EQ(Header(m, "MIME-Version"), "1.0");
  EXPECT_FALSE(Header(m, "Date").empty());
  EXPECT_EQ(Header(m, "Subject").rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(DecodeRfc2047(Header(m, "Subject")), "Ön görüşme: İstanbul'da 3 gün");
  const std::string content_type = Header(m, "Content-Type");
  EXPECT_EQ(content_type.rfind("multipart/alternative; boundary=\"", 0), 0u) << content_type;
  const std::string boundary = content_type.substr(
      content_type.find('"') + 1, content_type.rfind('"') - content_type.find('"') - 1);
  EXPECT_NE(m.find("\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8"),
            std::string::npos);
  EXPECT_NE(m.find("\r\n--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8"),
            std::string::npos);
  EXPECT_NE(m.find("\r\n--" + boundary + "--\r\n"), std::string::npos);
  EXPECT_EQ(Part(m, "text/plain"), payload["text"].get<std::string>());
  EXPECT_EQ(Part(m, "text/html"), "<p>Merhaba <b>Ayşe</b></p>");
  // CRLF throughout: no bare LF.
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\n') {
      ASSERT_TRUE(i > 0 && m[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(SmtpDelivery, StartTlsWithAuthAgainstATrustedSelfSignedCertificate) {
  core::InitCrypto();
  SelfSignedCertificate tls;
  ASSERT_TRUE(tls.ok) << "openssl CLI";
  const std::string& cert = tls.cert;
  const std::string& key = tls.key;
  SmtpSink sink({cert, key, "imedic", "sink-secret"});
  ASSERT_TRUE(sink.ready());
  SmtpConfig config = PlainConfig(sink);
  config.require_tls = true;
  config.ca_file = cert;
  config.user = "imedic";
  config.password = "sink-secret";
  SmtpChannel channel(config);
  auto receipt = channel.Deliver(
      {12, "email", "patient@example.com", "email_verification", R"({"code":"481516"})"});
  IMEDIC_ASSERT_OK(receipt);
  ASSERT_EQ(sink.Count(), 1);
  EXPECT_EQ(sink.Envelope(1)["tls"], true);
  EXPECT_EQ(sink.Envelope(1)["login"], "imedic");
  const std::string m = sink.Message(1);
  EXPECT_EQ(Header(m, "Subject"), "Email verification");
  EXPECT_EQ(Part(m, "text/plain"), "Email verification\ncode: 481516");
  EXPECT_EQ(Header(m, "In-Reply-To"), "");

  // Without the CA the certificate is not trusted: nothing is sent, and it is retried.
  config.ca_file = std::nullopt;
  SmtpChannel untrusting(config);
  auto refused = untrusting.Deliver({13, "email", "patient@example.com", "x", "{}"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_FALSE(IsPermanent(refused.error()));
  // Wrong password: refused by the server, never sent in the clear.
  config.ca_file = cert;
  config.password = "wrong";
  SmtpChannel wrong(config);
  EXPECT_FALSE(wrong.Deliver({14, "email", "patient@example.com", "x", "{}"}).has_value());
  EXPECT_EQ(sink.Count(), 1);
}

TEST(SmtpDelivery, StartTlsRequiredFailsAgainstAServerWithoutIt) {
  core::InitCrypto();
  SmtpSink sink;  // offers no STARTTLS
  ASSERT_TRUE(sink.ready());
  SmtpConfig config = PlainConfig(sink);
  config.require_tls = true;
  SmtpChannel channel(config);
  auto r = channel.Deliver({15, "email", "patient@example.com", "x", "{}"});
  ASSERT_FALSE(r.has_value());
  EXPECT_FALSE(IsPermanent(r.error()));
  EXPECT_EQ(r.error().internal_detail, "smtp: server offers no STARTTLS");
  EXPECT_EQ(sink.Count(), 0);
}

TEST(SmtpDelivery, DispatcherDeadLettersA550AndRetriesA451) {
  core::InitCrypto();
  SmtpSink sink;
  ASSERT_TRUE(sink.ready());
  TestDatabase db;
  SmtpChannel channel(PlainConfig(sink));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  ASSERT_TRUE(db.conn().Exec(
      "INSERT INTO outbox (channel, recipient, template, payload) VALUES "
      "('email', 'reject@example.com', 'x', '{}'), ('email', 'later@example.com', 'x', '{}'), "
      "('email', 'fine@example.com', 'x', '{\"subject\":\"s\",\"text\":\"t\"}')"));
  auto report = DispatchOutbox(pool, channel);
  IMEDIC_ASSERT_OK(report);
  EXPECT_EQ(report->dead, 1);
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(report->sent, 1);
  auto rows = db.conn().Exec(
      "SELECT recipient, status, coalesce(last_error, ''), coalesce(provider_message_id, '') "
      "FROM outbox ORDER BY id");
  EXPECT_EQ(rows->Get(0, 1), "dead");
  EXPECT_EQ(rows->Get(0, 2), "smtp 550");
  EXPECT_EQ(rows->Get(1, 1), "failed");
  EXPECT_NE(std::string(rows->Get(1, 2)).find("451"), std::string::npos) << rows->Get(1, 2);
  EXPECT_EQ(rows->Get(2, 1), "sent");
  EXPECT_EQ(Header(sink.Message(1), "Message-ID"), rows->Get(2, 3));
}

// HTTPS: the certificate and the host name are verified; the CA file makes
// a self-signed certificate trusted, nothing makes a wrong host name pass.
TEST(HttpsDelivery, VerifiesTheCertificateAndTheHostName) {
  SelfSignedCertificate tls;
  ASSERT_TRUE(tls.ok) << "openssl CLI";
  TempDir dir("imedic-https");
  const int port = FreePort();
  Script server("tls_http_server.py",
                {std::to_string(port), tls.cert, tls.key, dir.path() + "/ready"},
                dir.path() + "/ready");
  ASSERT_TRUE(server.ready());
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/v21.0/1/messages";
  HttpClientOptions trusting{.timeout = std::chrono::seconds(5),
                             .connect_timeout = std::chrono::seconds(5),
                             .ca_file = tls.cert};
  HttpClient client(trusting);
  auto ok = client.Send(Post(url));
  ASSERT_TRUE(ok.has_value()) << ok.error().detail;
  EXPECT_EQ(ok->status, 200);
  WhatsAppChannel channel({.api_base = "https://127.0.0.1:" + std::to_string(port),
                           .api_version = "v21.0",
                           .phone_number_id = "1",
                           .access_token = "t",
                           .http = trusting});
  auto receipt = channel.Deliver({1, "whatsapp", "+905321234567", "m", R"({"text":"hi"})"});
  IMEDIC_ASSERT_OK(receipt);
  EXPECT_EQ(receipt->provider_message_id, "wamid.TLS");

  HttpClient untrusting({.timeout = std::chrono::seconds(5),
                         .connect_timeout = std::chrono::seconds(5),
                         .ca_file = std::nullopt});
  auto refused = untrusting.Send(Post(url));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, HttpTransportError::Kind::kTls);
  // The certificate names 127.0.0.1 only: "localhost" is another host.
  auto wrong_host = client.Send(Post("https://localhost:" + std::to_string(port) + "/x"));
  ASSERT_FALSE(wrong_host.has_value());
  EXPECT_EQ(wrong_host.error().kind, HttpTransportError::Kind::kTls);
}

}  // namespace
}  // namespace imedic::messaging
