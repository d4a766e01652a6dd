// Picks the adapter by outbox.channel (email | sms | whatsapp). The
// configuration decides per channel between the provider's adapter and the
// file channel (development: `./dev run` needs no provider).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/config.hpp"
#include "domains/messaging/outbox.hpp"

namespace imedic::messaging {

class ChannelRouter : public OutboundChannel {
 public:
  void Route(const std::string& channel, std::shared_ptr<OutboundChannel> adapter);
  // A channel without an adapter is a permanent failure: retrying cannot help.
  core::Result<DeliveryReceipt> Deliver(const OutboundMessage& message) override;

 private:
  std::map<std::string, std::shared_ptr<OutboundChannel>> adapters_;
};

// The router for this node's configuration, and what each channel uses
// ("email=smtp sms=file whatsapp=cloud webhook=file") for the start-up log.
struct OutboundSetup {
  std::shared_ptr<OutboundChannel> channel;
  std::string summary;
};
OutboundSetup MakeOutboundChannel(const core::Config& config);

}  // namespace imedic::messaging
