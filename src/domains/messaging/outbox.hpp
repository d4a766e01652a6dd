// Delivery of the outbox: messages written in business transactions are
// claimed by a background job and handed to the channel adapter, with
// retries, backoff and a dead-letter state.
#pragma once

#include <memory>
#include <string>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::messaging {

struct OutboundMessage {
  std::int64_t id = 0;
  std::string channel;    // email | sms | whatsapp | webhook
  std::string recipient;  // address or E.164 number
  std::string template_name;
  std::string payload_json;
};

// The wire to the outside world. Real adapters (SMTP, WhatsApp Cloud API,
// SMS) come with the messaging work; until then FileChannel stands in.
class OutboundChannel {
 public:
  virtual ~OutboundChannel() = default;
  // Fails with a short reason (no personal data) when delivery failed.
  virtual core::Result<void> Deliver(const OutboundMessage& message) = 0;
};

// Writes each message as a JSON file (mode 0600: it may hold a one-time
// code) named <id>-<template>.json into a folder, atomically.
class FileChannel : public OutboundChannel {
 public:
  explicit FileChannel(std::string dir) : dir_(std::move(dir)) {}
  core::Result<void> Deliver(const OutboundMessage& message) override;

 private:
  std::string dir_;
};

struct DispatchReport {
  int sent = 0;
  int failed = 0;
  int dead = 0;
};

// Claims up to `batch` due messages and delivers them.
core::Result<DispatchReport> DispatchOutbox(db::Pool& pool, OutboundChannel& channel,
                                            int batch = 100);

// Runs DispatchOutbox every second.
void AddOutboxJob(jobs::PeriodicJobs& jobs, db::Pool& pool,
                  std::shared_ptr<OutboundChannel> channel);

}  // namespace imedic::messaging
