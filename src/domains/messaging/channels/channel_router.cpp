#include "domains/messaging/channels/channel_router.hpp"

#include "domains/messaging/channels/smtp_channel.hpp"
#include "domains/messaging/channels/twilio_channel.hpp"
#include "domains/messaging/channels/whatsapp_channel.hpp"

namespace imedic::messaging {

void ChannelRouter::Route(const std::string& channel, std::shared_ptr<OutboundChannel> adapter) {
  adapters_[channel] = std::move(adapter);
}

core::Result<DeliveryReceipt> ChannelRouter::Deliver(const OutboundMessage& message) {
  auto it = adapters_.find(message.channel);
  if (it == adapters_.end()) return core::Fail(PermanentFailure("no adapter for the channel"));
  return it->second->Deliver(message);
}

OutboundSetup MakeOutboundChannel(const core::Config& config) {
  auto router = std::make_shared<ChannelRouter>();
  auto file = std::make_shared<FileChannel>(config.OutboxDir());
  const HttpClientOptions http{.timeout = config.outbound_timeout,
                               .connect_timeout = config.outbound_connect_timeout,
                               .ca_file = std::nullopt};
  if (config.whatsapp_delivery == "cloud") {
    router->Route("whatsapp", std::make_shared<WhatsAppChannel>(
                                  WhatsAppConfig{.api_base = config.whatsapp_api_base,
                                                 .api_version = config.whatsapp_api_version,
                                                 .phone_number_id = config.whatsapp_phone_number_id,
                                                 .access_token = config.whatsapp_token,
                                                 .http = http}));
  } else {
    router->Route("whatsapp", file);
  }
  if (config.sms_delivery == "twilio") {
    router->Route("sms", std::make_shared<TwilioChannel>(TwilioConfig{
                             .api_base = config.twilio_api_base,
                             .account_sid = config.twilio_account_sid,
                             .auth_token = config.twilio_auth_token,
                             .from = config.twilio_from,
                             .messaging_service_sid = config.twilio_messaging_service_sid,
                             .status_callback_url = config.twilio_status_callback_url,
                             .http = http}));
  } else {
    router->Route("sms", file);
  }
  if (config.email_delivery == "smtp") {
    router->Route("email", std::make_shared<SmtpChannel>(
                               SmtpConfig{.url = config.smtp_url,
                                          .user = config.smtp_user,
                                          .password = config.smtp_password,
                                          .require_tls = config.smtp_require_tls,
                                          .ca_file = config.smtp_ca_file,
                                          .from = config.mail_from,
                                          .domain = config.mail_domain,
                                          .timeout = config.outbound_timeout,
                                          .connect_timeout = config.outbound_connect_timeout}));
  } else {
    router->Route("email", file);
  }
  // Outgoing webhooks have no adapter yet: they stay in files.
  router->Route("webhook", file);
  return {router, "email=" + config.email_delivery + " sms=" + config.sms_delivery +
                      " whatsapp=" + config.whatsapp_delivery + " webhook=file"};
}

}  // namespace imedic::messaging
