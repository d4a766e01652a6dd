#include "domains/care/webhook_signature.hpp"

#include "core/timestamped_signature.hpp"

namespace imedic::care {

std::string WebhookSignature(std::string_view secret, std::int64_t timestamp,
                             std::string_view body) {
  return core::TimestampedSignature(secret, timestamp, body);
}

core::Result<void> VerifyWebhookSignature(std::string_view header, std::string_view body,
                                          std::string_view secret, std::int64_t now_unix,
                                          std::chrono::seconds tolerance) {
  if (secret.empty()) {
    return core::Fail(
        core::Error(core::ErrorCode::kUnauthenticated,
                    "webhook signature refused: payment webhooks are not configured"));
  }
  return core::VerifyTimestampedSignature(header, body, secret, now_unix, tolerance);
}

}  // namespace imedic::care
