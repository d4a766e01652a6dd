// An e-mail as RFC 5322 + MIME text, built here rather than by libcurl so
// the headers that thread a conversation (Message-ID, In-Reply-To,
// References) are ours: multipart/alternative with a text/plain and a
// text/html part, each UTF-8 in base64, a UTF-8 subject as RFC 2047
// encoded-words, CRLF line endings. (Dot-stuffing is libcurl's job.)
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace imedic::messaging {

struct MailContent {
  std::string from;                     // "Name <address>" or a bare address
  std::string to;                       // a bare address
  std::string subject;                  // UTF-8
  std::string text;                     // UTF-8
  std::string html;                     // UTF-8; empty: the text, escaped, as HTML
  std::string message_id;               // "<id@domain>"
  std::string in_reply_to;              // "<…>" or empty
  std::vector<std::string> references;  // "<…>" each
  std::time_t date = 0;
  std::string boundary;  // must not occur in the parts (base64 never holds '=_')
};

// Nullopt when a header value would break the header block (CR, LF, or an
// id not in angle brackets): such a message is refused, never sent mangled.
std::optional<std::string> BuildMimeMessage(const MailContent& mail);

// RFC 2047 "B" encoded-words for a header value with non-ASCII text, split
// on UTF-8 character boundaries into words of at most 75 characters, folded;
// printable ASCII is returned as it is.
std::string EncodeHeaderWord(const std::string& text);

// "Name <address>" with a non-ASCII name as encoded-words (the address
// stays as it is); a bare address unchanged.
std::string EncodeMailbox(const std::string& mailbox);

// "Thu, 03 Dec 2026 15:43:21 +0000"
std::string Rfc5322Date(std::time_t when);

}  // namespace imedic::messaging
