// Delivery of the outbox: messages written in business transactions are
// claimed by a background job and handed to the channel adapter, with
// retries, backoff and a dead-letter state.
#pragma once

#include <chrono>
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

// What a delivery left behind: the provider's id for the message (WhatsApp
// wamid, Twilio message sid, our SMTP Message-ID), stored on the outbox row
// so the provider's later status callbacks find it. Empty for the file channel.
struct DeliveryReceipt {
  std::string provider_message_id;
};

// How a failed delivery is classified (core::Error::code):
//   kInvalidInput — permanent: the provider refused the message itself (a 4xx
//                   other than 429, an invalid payload); dead-lettered at once;
//   anything else — transient (transport error, timeout, 429, 5xx); retried
//                   with backoff until max_attempts.
// The reason goes in internal_detail: short, and never personal data.
core::Error PermanentFailure(std::string reason);
core::Error TransientFailure(std::string reason);
bool IsPermanent(const core::Error& error);

// The wire to the outside world: channels/ holds the WhatsApp Cloud API,
// Twilio and SMTP adapters and the router that picks one by outbox.channel;
// FileChannel stands in during development.
class OutboundChannel {
 public:
  virtual ~OutboundChannel() = default;
  // Fails with a short reason (no personal data) when delivery failed.
  virtual core::Result<DeliveryReceipt> Deliver(const OutboundMessage& message) = 0;
};

// Writes each message as a JSON file (mode 0600: it may hold a one-time
// code) named <id>-<template>.json into a folder, atomically.
class FileChannel : public OutboundChannel {
 public:
  explicit FileChannel(std::string dir) : dir_(std::move(dir)) {}
  core::Result<DeliveryReceipt> Deliver(const OutboundMessage& message) override;

 private:
  std::string dir_;
};

struct DispatchReport {
  int sent = 0;
  int failed = 0;
  int dead = 0;
  int released = 0;  // claimed but not attempted within the budget
};

struct DispatchOptions {
  int batch = 100;  // messages claimed at once
  // A claim is a 5-minute lease (claim_outbox.sql): the messages of a batch
  // not started within this time are released, due again, so a slow
  // provider (every call hanging until its timeout) cannot let a lease run
  // out while this node still holds the message.
  std::chrono::milliseconds budget{std::chrono::minutes(4)};
};

// Claims up to `batch` due messages and delivers them.
core::Result<DispatchReport> DispatchOutbox(db::Pool& pool, OutboundChannel& channel,
                                            int batch = 100);
core::Result<DispatchReport> DispatchOutbox(db::Pool& pool, OutboundChannel& channel,
                                            const DispatchOptions& options);

// Runs DispatchOutbox every second.
void AddOutboxJob(jobs::PeriodicJobs& jobs, db::Pool& pool,
                  std::shared_ptr<OutboundChannel> channel);

}  // namespace imedic::messaging
