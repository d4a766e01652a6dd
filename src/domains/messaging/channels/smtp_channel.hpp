// E-mail over SMTP with libcurl: STARTTLS required (CURLUSESSL_ALL, the
// server's certificate and host name verified) unless configured for a
// local sink on the loopback interface, AUTH when a user is configured, the
// MIME message built by BuildMimeMessage. The outbox payload may carry
// "subject", "text", "html", "in_reply_to" and "references" (a string or an
// array); without them the template's plain rendering is sent. The
// Message-ID we generate (<uuid@domain>) is the provider id, the handle by
// which a reply threads back.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "domains/messaging/channels/mime_message.hpp"
#include "domains/messaging/outbox.hpp"

namespace imedic::messaging {

struct SmtpConfig {
  std::string url;       // smtp://host:587 (STARTTLS) or smtps://host:465
  std::string user;      // empty: no AUTH
  std::string password;  // secret: never logged
  bool require_tls = true;
  std::optional<std::string> ca_file;  // extra trust anchor (tests, private CAs)
  std::string from;                    // "iMedic <noreply@imedic.example>"
  std::string domain;                  // Message-ID domain; default: the From address's
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
};

// The mail for `message` (without Date, Message-ID and boundary filled in
// when `message_id` is empty); a payload that cannot become one fails
// permanently.
core::Result<MailContent> BuildMail(const SmtpConfig& config, const OutboundMessage& message);

// The address inside "Name <address>", or the text itself.
std::string EnvelopeAddress(const std::string& from);

class SmtpChannel : public OutboundChannel {
 public:
  explicit SmtpChannel(SmtpConfig config);
  ~SmtpChannel() override;
  SmtpChannel(const SmtpChannel&) = delete;
  SmtpChannel& operator=(const SmtpChannel&) = delete;
  core::Result<DeliveryReceipt> Deliver(const OutboundMessage& message) override;

 private:
  SmtpConfig config_;
  std::mutex mu_;
  void* handle_;  // CURL*
};

}  // namespace imedic::messaging
