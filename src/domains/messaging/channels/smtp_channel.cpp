#include "domains/messaging/channels/smtp_channel.hpp"

#include <algorithm>
#include <stdexcept>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "core/random.hpp"
#include "core/uuid.hpp"
#include "domains/messaging/channels/http_client.hpp"
#include "domains/messaging/channels/plain_text.hpp"

namespace imedic::messaging {

namespace {

using nlohmann::json;

struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::copy_n(upload->data->data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

std::string StringField(const json& payload, const char* key) {
  return payload.is_object() && payload.contains(key) && payload[key].is_string()
             ? payload[key].get<std::string>()
             : "";
}

bool IsBareAddress(const std::string& s) {
  return s.find('@') != std::string::npos && s.find_first_of("<>\r\n \t,;") == std::string::npos;
}

}  // namespace

std::string EnvelopeAddress(const std::string& from) {
  const auto open = from.rfind('<');
  const auto close = from.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return from.substr(open + 1, close - open - 1);
  }
  return from;
}

core::Result<MailContent> BuildMail(const SmtpConfig& config, const OutboundMessage& m) {
  const json payload = json::parse(m.payload_json, nullptr, false);
  if (payload.is_discarded()) return core::Fail(PermanentFailure("smtp: payload not JSON"));
  if (!IsBareAddress(m.recipient)) return core::Fail(PermanentFailure("smtp: bad recipient"));
  MailContent mail;
  mail.from = config.from;
  mail.to = m.recipient;
  const std::string rendered = RenderPlainText(m.template_name, payload);
  mail.subject = StringField(payload, "subject");
  if (mail.subject.empty()) mail.subject = rendered.substr(0, rendered.find('\n'));
  mail.text = MessageText(m.template_name, payload);
  mail.html = StringField(payload, "html");
  mail.in_reply_to = StringField(payload, "in_reply_to");
  if (payload.is_object() && payload.contains("references")) {
    const json& refs = payload["references"];
    if (refs.is_string()) {
      // A References header's text: ids separated by white space.
      std::string all = refs.get<std::string>();
      std::size_t i = 0;
      while (i < all.size()) {
        const auto start = all.find_first_not_of(" \t\r\n", i);
        if (start == std::string::npos) break;
        const auto end = all.find_first_of(" \t\r\n", start);
        mail.references.push_back(all.substr(start, end - start));
        i = end == std::string::npos ? all.size() : end;
      }
    } else if (refs.is_array()) {
      for (const auto& r : refs) {
        if (r.is_string()) mail.references.push_back(r.get<std::string>());
      }
    }
  }
  std::string domain = config.domain;
  if (domain.empty()) {
    const std::string address = EnvelopeAddress(config.from);
    domain = address.substr(address.find('@') + 1);
  }
  mail.message_id = "<" + core::NewUuidV4() + "@" + domain + ">";
  mail.date = std::time(nullptr);
  mail.boundary = "=_imedic_" + core::RandomHex(16);
  return mail;
}

SmtpChannel::SmtpChannel(SmtpConfig config) : config_(std::move(config)) {
  EnsureCurlInitialised();
  handle_ = curl_easy_init();
  if (handle_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

SmtpChannel::~SmtpChannel() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

core::Result<DeliveryReceipt> SmtpChannel::Deliver(const OutboundMessage& m) {
  auto mail = BuildMail(config_, m);
  if (!mail) return core::Fail(mail.error());
  auto text = BuildMimeMessage(*mail);
  if (!text) return core::Fail(PermanentFailure("smtp: header would break the message"));
  std::lock_guard lock(mu_);
  CURL* curl = static_cast<CURL*>(handle_);
  curl_easy_reset(curl);
  const std::string from = "<" + EnvelopeAddress(config_.from) + ">";
  const std::string to = "<" + m.recipient + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
  Upload upload{&*text};
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(
      curl, CURLOPT_USE_SSL,
      config_.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_NONE));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config_.ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file->c_str());
  if (!config_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_slist_free_all(recipients);
  if (code == CURLE_OK) return DeliveryReceipt{mail->message_id};
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  // Our side's trouble (login refused, no STARTTLS, a timeout) is retried:
  // mending the configuration must not find the mail dead-lettered.
  if (code == CURLE_LOGIN_DENIED) return core::Fail(TransientFailure("smtp: login denied"));
  if (code == CURLE_OPERATION_TIMEDOUT) return core::Fail(TransientFailure("smtp: timeout"));
  if (code == CURLE_USE_SSL_FAILED) {
    return core::Fail(TransientFailure("smtp: server offers no STARTTLS"));
  }
  // A 5xx reply to the message (unknown mailbox, rejected content) is
  // permanent; 4xx (greylisting, mailbox busy) and no reply are retried.
  if (reply >= 500 && reply < 600) {
    return core::Fail(PermanentFailure("smtp " + std::to_string(reply)));
  }
  std::string reason = "smtp: ";
  reason += curl_easy_strerror(code);
  if (reply != 0) reason += " (" + std::to_string(reply) + ")";
  return core::Fail(TransientFailure(reason));
}

}  // namespace imedic::messaging
