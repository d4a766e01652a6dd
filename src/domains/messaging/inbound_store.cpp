#include "domains/messaging/inbound_store.hpp"

#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "db/text_array.hpp"
#include "domains/messaging/consent_keywords.hpp"
#include "domains/messaging/envelope_keys.hpp"
#include "domains/messaging/sql/queries.hpp"
#include "domains/privacy/data_keys.hpp"

namespace imedic::messaging {

namespace {

bool IsPhoneChannel(const std::string& type) { return type == "whatsapp" || type == "sms"; }

}  // namespace

core::Result<IngestOutcome> InboundStore::Ingest(const InboundMessage& m,
                                                 const RequestFacts& facts) {
  const CandidateKey candidate = NewCandidateKey(keys_);
  const std::string new_user = core::NewUuidV4();
  // A phone-only account needs an address (users.email is required and
  // unique): one under the reserved .invalid domain, which never receives
  // mail, until the person claims the account with a real one.
  const std::string placeholder = "unclaimed+" + new_user + "@imedic.invalid";
  return db::InTransaction(pool_, [&](db::Connection& conn) -> core::Result<IngestOutcome> {
    auto sender = conn.Execute(
        sql::kResolveInboundSender,
        db::Params{m.channel_type, m.from, m.provider, m.provider_message_id, m.first_name,
                   m.last_name, new_user, placeholder, candidate.id, candidate.wrapped,
                   candidate.master_key_id, facts.request_id, facts.ip});
    if (!sender) return core::Fail(sender.error());
    if (sender->rows() != 1) return core::Fail(core::Error::Internal("resolve_sender: no row"));
    IngestOutcome out;
    if (sender->Get(0, 0) == "t") return out;  // a replay: nothing new
    const std::string user(sender->Get(0, 1)), channel(sender->Get(0, 2));
    const bool created_user = sender->Get(0, 3) == "t";
    const std::optional<std::string> patient = sender->GetOptional(0, 4);
    const std::string key_kind(sender->Get(0, 5)), key_id(sender->Get(0, 6));
    const std::optional<std::string> wrapped = sender->GetOptional(0, 7);

    core::Result<core::MasterKey> key = core::Fail(core::Error::Internal("no key"));
    if (key_kind == "patient") {
      privacy::DataKeys data_keys(keys_);
      key = wrapped ? privacy::UnwrapDataKey(keys_, *wrapped, *patient)
                    : data_keys.GetOrCreate(conn, core::PatientId::Trusted(*patient));
    } else if (wrapped) {
      key = UnwrapUserKey(keys_, *wrapped, key_id);
    }
    if (!key) return core::Fail(key.error());

    const std::string id = core::NewUuidV4();
    std::optional<std::string> content;
    if (m.text) content = privacy::EncryptField(*key, *m.text, "messages.content", id);
    nlohmann::json metadata = m.metadata;
    if (m.sealed) {
      metadata["sealed"] = privacy::EncryptField(*key, m.sealed->dump(), "messages.metadata", id);
    }
    // Only a typed text message (WhatsApp text, SMS body) can be a keyword:
    // not a caption, a button or list reply, or an e-mail.
    std::optional<ConsentKeyword> consent;
    const std::string type = metadata.value("type", "text");
    if (m.text && (type == "text" || type == "sms" || type == "whatsapp")) {
      consent = MatchConsentKeyword(*m.text);
    }
    std::optional<std::string> phone, email, refs;
    if (IsPhoneChannel(m.channel_type)) {
      phone = m.from;
    } else {
      email = m.from;
    }
    if (!m.thread_refs.empty()) refs = db::ToTextArray(m.thread_refs);

    auto stored = conn.Execute(
        sql::kStoreInboundMessage,
        db::Params{id,
                   user,
                   channel,
                   created_user,
                   patient,
                   m.channel_type,
                   m.provider,
                   m.provider_message_id,
                   m.message_type,
                   content,
                   key_kind,
                   metadata.dump(),
                   m.sent_at_unix ? std::optional<std::int64_t>(*m.sent_at_unix) : std::nullopt,
                   consent ? std::optional<std::string>(consent->state) : std::nullopt,
                   consent ? std::optional<std::string>(consent->keyword) : std::nullopt,
                   m.channel_type,
                   phone,
                   email,
                   m.first_name,
                   m.last_name,
                   m.referral_source_id,
                   refs,
                   session_timeout_minutes_,
                   m.media.dump(),
                   facts.request_id,
                   facts.ip});
    if (!stored) return core::Fail(stored.error());
    if (stored->rows() != 1 || stored->Get(0, 0) != "t") return out;
    out.stored = true;
    out.message_id = std::string(stored->Get(0, 1));
    out.session_id = std::string(stored->Get(0, 2));
    out.lead_id = stored->GetOptional(0, 3);
    return out;
  });
}

core::Result<StatusOutcome> InboundStore::ApplyStatus(const StatusUpdate& u,
                                                      const RequestFacts& facts) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kApplyDeliveryStatus,
      db::Params{u.provider, u.provider_message_id, u.status,
                 u.at_unix ? std::optional<std::int64_t>(*u.at_unix) : std::nullopt,
                 u.error ? std::optional<std::string>(u.error->dump()) : std::nullopt,
                 facts.request_id, facts.ip});
  if (!r) return core::Fail(r.error());
  StatusOutcome out;
  if (r->rows() != 1) return out;
  out.found = r->Get(0, 0) == "t";
  out.changed = r->Get(0, 1) == "t";
  out.delivery_status = std::string(r->Get(0, 2));
  return out;
}

}  // namespace imedic::messaging
