#include "domains/messaging/channels/mime_message.hpp"

#include <algorithm>

#include "core/base64.hpp"

namespace imedic::messaging {

namespace {

bool HasLineBreak(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

bool IsMessageId(const std::string& s) {
  return s.size() > 2 && s.front() == '<' && s.back() == '>' && !HasLineBreak(s) &&
         s.find_first_of(" \t", 0) == std::string::npos;
}

// Base64 in lines of 76 characters (RFC 2045 §6.8), CRLF-terminated.
std::string Base64Lines(const std::string& bytes) {
  const std::string encoded = core::Base64Encode(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

std::string EscapeHtml(const std::string& text) {
  std::string out = "<!DOCTYPE html><html><body><p>";
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "<br>"; break;
      default: out += c;
    }
  }
  return out + "</p></body></html>";
}

}  // namespace

std::string EncodeHeaderWord(const std::string& text) {
  bool plain = true;
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) plain = false;
  }
  if (plain && text.find("=?") == std::string::npos) return text;
  // 75 characters per word: "=?UTF-8?B?" + 60 base64 characters + "?=" = 72,
  // i.e. at most 45 bytes of text, cut before a UTF-8 continuation byte.
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (end == i) end = std::min(text.size(), i + 45);  // not UTF-8: cut anywhere, but advance
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + core::Base64Encode(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string EncodeMailbox(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  if (open == std::string::npos || open == 0) return mailbox;
  std::string name = mailbox.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return EncodeHeaderWord(name) + " " + mailbox.substr(open);
}

std::string Rfc5322Date(std::time_t when) {
  std::tm tm{};
  gmtime_r(&when, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::optional<std::string> BuildMimeMessage(const MailContent& m) {
  if (HasLineBreak(m.from) || HasLineBreak(m.to) || !IsMessageId(m.message_id) ||
      (!m.in_reply_to.empty() && !IsMessageId(m.in_reply_to))) {
    return std::nullopt;
  }
  for (const auto& ref : m.references) {
    if (!IsMessageId(ref)) return std::nullopt;
  }
  std::string subject = m.subject;
  for (char& c : subject) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  std::string out;
  out += "Date: " + Rfc5322Date(m.date) + "\r\n";
  out += "From: " + EncodeMailbox(m.from) + "\r\n";
  out += "To: " + m.to + "\r\n";
  out += "Subject: " + EncodeHeaderWord(subject) + "\r\n";
  out += "Message-ID: " + m.message_id + "\r\n";
  if (!m.in_reply_to.empty()) out += "In-Reply-To: " + m.in_reply_to + "\r\n";
  if (!m.references.empty()) {
    out += "References:";
    for (const auto& ref : m.references) out += " " + ref;
    out += "\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + m.boundary + "\"\r\n";
  out += "\r\n";
  out += "--" + m.boundary + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += Base64Lines(m.text);
  out += "--" + m.boundary + "\r\n";
  out += "Content-Type: text/html; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += Base64Lines(m.html.empty() ? EscapeHtml(m.text) : m.html);
  out += "--" + m.boundary + "--\r\n";
  return out;
}

}  // namespace imedic::messaging
