// communication_channels, conversation_sessions and messages.
#include <string>

#include "seed/json_writer.hpp"
#include "seed/patient_keys.hpp"
#include "seed/rows.hpp"
#include "seed/sessions.hpp"
#include "seed/text_util.hpp"

namespace imedic::seed {
namespace {

const Uuid& ChannelId(const User& u, ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kWhatsApp: return u.channels.whatsapp;
    case ChannelKind::kSms: return u.channels.sms;
    default: return u.channels.email;
  }
}

void AppendHex(std::string& out, Prng& rng, int digits) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int k = 0; k < digits; ++k) out.push_back(kHex[rng.Below(16)]);
}

}  // namespace

core::Result<std::int64_t> WriteCommunicationChannels(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "communication_channels",
                 {"id", "user_id", "channel_type", "channel_value", "is_primary", "is_verified",
                  "is_active", "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.users.size() && out.ok(); ++i) {
    const User& u = w.users[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kChannelRows), i);
    const bool whatsapp = !u.channels.whatsapp.IsNil();
    // Patients who chat with us prefer WhatsApp; staff are reached by e-mail.
    const bool whatsapp_primary = whatsapp && u.role == Role::kPatient && rng.Chance(0.8);
    const std::int64_t created = u.created_at + rng.Range(1, 300);
    const std::int64_t verified = std::min(created + rng.Range(60, 2 * kDay),
                                           kReferenceTime - kMinute);
    out.Id(u.channels.email).Id(u.id).Text("email").Text(u.email).Bool(!whatsapp_primary);
    out.Bool(rng.Chance(0.92)).Bool(true).Timestamp(created).Timestamp(std::max(created, verified));
    out.Bool(false);
    out.EndRow();
    if (whatsapp) {
      out.Id(u.channels.whatsapp).Id(u.id).Text("whatsapp").Text(u.phone).Bool(whatsapp_primary);
      out.Bool(true).Bool(true).Timestamp(created).Timestamp(std::max(created, verified));
      out.Bool(false);
      out.EndRow();
    }
    if (!u.channels.sms.IsNil()) {
      out.Id(u.channels.sms).Id(u.id).Text("sms").Text(u.phone).Bool(false);
      out.Bool(rng.Chance(0.7)).Bool(rng.Chance(0.95)).Timestamp(created).Timestamp(created);
      out.Bool(false);
      out.EndRow();
    }
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteConversationSessions(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "conversation_sessions",
                 {"id", "user_id", "session_id", "channel_type", "status", "started_at", "ended_at",
                  "last_activity_at", "metadata", "created_at", "updated_at", "deleted",
                  "channel_id", "unread_count", "last_inbound_at", "assigned_to", "assigned_at",
                  "last_outbound_at", "first_response_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JsonWriter j;
  std::vector<SessionPlan> sessions;
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    const User& u = w.users[p.user];
    const User& agent = w.users[p.coordinator];
    PlanSessions(w, static_cast<std::int32_t>(i), sessions);
    for (const SessionPlan& s : sessions) {
      const std::int64_t started = s.sent_at[0];
      const std::int64_t last = s.sent_at[s.turns - 1];
      out.Id(s.id).Id(u.id).Text(s.session_key).Text(ChannelCode(s.channel));
      out.Text(SessionStatusCode(s.status)).Timestamp(started).Timestamp(s.ended_at);
      out.Timestamp(last);
      j.Reset().BeginObject();
      j.Field("topic", ref::EmailSubject(s.topic)).Field("phase", PhaseCode(s.phase));
      j.Key("agent_id").String(UuidString(agent.id));
      j.Field("message_count", static_cast<int>(s.turns));
      j.Field("language", ref::Countries()[u.country].language);
      j.EndObject();
      out.Json(j.str()).Timestamp(started);
      out.Timestamp(s.ended_at != kNoTime ? s.ended_at : last).Bool(false);
      // As WriteMessages marks them: only the last message of a conversation
      // still open can be unread, when it came from the patient.
      const ref::Script script = ref::Scripts(s.topic)[s.script];
      std::int64_t last_inbound = kNoTime;
      std::int64_t last_outbound = kNoTime;
      std::int64_t first_response = kNoTime;  // our first message after the patient's
      for (int k = 0; k < s.turns; ++k) {
        const std::int64_t at = s.sent_at[static_cast<std::size_t>(k)];
        if (script[static_cast<std::size_t>(k)].direction == ref::Direction::kIncoming) {
          last_inbound = at;
        } else {
          last_outbound = at;
          if (first_response == kNoTime && last_inbound != kNoTime) first_response = at;
        }
      }
      const bool unread = s.status == SessionStatus::kActive &&
                          script[static_cast<std::size_t>(s.turns - 1)].direction ==
                              ref::Direction::kIncoming;
      out.Id(ChannelId(u, s.channel)).Int(unread ? 1 : 0).Timestamp(last_inbound);
      // The patient's coordinator holds the conversation (the inbox, 0028).
      out.Id(agent.id).Timestamp(started).Timestamp(last_outbound).Timestamp(first_response);
      out.EndRow();
    }
  }
  return out.Finish();
}

// The WhatsApp templates the demo business has registered: reminders and
// an aftercare check-in in the patients' languages (utility), an offer
// (marketing, sent only with consent), and one still awaiting Meta's review.
core::Result<std::int64_t> WriteMessageTemplates(const SinkContext& ctx) {
  struct Template {
    std::string_view id, name, language, category, body;
    int variables;
    std::string_view status;
  };
  static constexpr Template kTemplates[] = {
      {"7e000000-0000-4000-8000-000000000001", "consultation_reminder", "en", "utility",
       "Hello {{1}}, a reminder of your consultation on {{2}} at {{3}} (Istanbul time).", 3,
       "approved"},
      {"7e000000-0000-4000-8000-000000000002", "consultation_reminder", "tr", "utility",
       "Merhaba {{1}}, {{2}} tarihinde saat {{3}}'te görüşmeniz var (İstanbul saati).", 3,
       "approved"},
      {"7e000000-0000-4000-8000-000000000003", "consultation_reminder", "de", "utility",
       "Hallo {{1}}, wir erinnern an Ihre Beratung am {{2}} um {{3}} Uhr (Istanbuler Zeit).", 3,
       "approved"},
      {"7e000000-0000-4000-8000-000000000004", "aftercare_check_in", "en", "utility",
       "Hello {{1}}, how is your recovery going? Reply to this message to reach your care "
       "team.",
       1, "approved"},
      {"7e000000-0000-4000-8000-000000000005", "spring_offer", "en", "marketing",
       "Hello {{1}}, our spring packages for {{2}} include hotel and transfers. Reply STOP to "
       "opt out.",
       2, "approved"},
      {"7e000000-0000-4000-8000-000000000006", "follow_up_photos", "en", "utility",
       "Hello {{1}}, please send us photos of the treated area for your {{2}} check.", 2,
       "pending"},
  };
  CopyWriter out(ctx.conn, "message_templates",
                 {"id", "name", "language", "category", "body", "variable_count", "components",
                  "status", "created_at", "updated_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (const Template& t : kTemplates) {
    out.Text(t.id).Text(t.name).Text(t.language).Text(t.category).Text(t.body).Int(t.variables);
    out.Json(R"([{"type":"BODY"}])").Text(t.status);
    out.Timestamp(kReferenceTime - 90 * kDay).Timestamp(kReferenceTime - 30 * kDay);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteMessages(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(
      ctx.conn, "messages",
      {"id", "user_id", "channel_id", "direction", "message_type", "content", "media_urls",
       "metadata", "is_read", "sent_at", "created_at", "deleted", "provider", "provider_message_id",
       "delivery_status", "conversation_session_id", "content_key", "sent_by", "purpose"},
      ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  // content is sealed with the patient's data key, as the inbound webhooks
  // store it (messages.content, docs/encryption.md).
  SealedFields sealed(out, "messages");
  std::string provider_id;
  JsonWriter j;
  std::vector<SessionPlan> sessions;
  std::string content;
  std::string date_text;
  std::string time_text;
  std::string url;
  std::string wa_id;
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    const User& u = w.users[p.user];
    const User& agent = w.users[p.coordinator];
    const std::string agent_id = UuidString(agent.id);
    const Procedure& proc = w.procedures[p.procedure];
    const ref::CatalogueEntry& entry = w.EntryOf(proc);
    const std::string price = FormatPrice(proc.price_min, proc.currency);
    const std::string_view hotel = p.booking >= 0 ? ref::Hotels()[PlanTrip(w, p.booking).hotel].name
                                                  : std::string_view();
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kMessages), i);
    PlanSessions(w, static_cast<std::int32_t>(i), sessions);
    for (const SessionPlan& s : sessions) {
      const ref::Script script = ref::Scripts(s.topic)[s.script];
      date_text.clear();
      AppendLongDate(date_text, s.subject_day);
      // HH:MM in Istanbul (UTC+3).
      time_text.clear();
      AppendTimeOfDay(time_text,
                      (s.subject_time + 3 * kHour) - DayOf(s.subject_time + 3 * kHour) * kDay);
      time_text.resize(5);
      const TemplateValues values{ref::Countries()[u.country].greeting,
                                  u.first_name,
                                  agent.first_name,
                                  ShortName(entry.name),
                                  w.providers[p.provider].name,
                                  date_text,
                                  time_text,
                                  price,
                                  hotel.empty() ? std::string_view("your hotel") : hotel};
      for (int k = 0; k < s.turns; ++k) {
        const ref::Turn& turn = script[static_cast<std::size_t>(k)];
        const std::int64_t sent = s.sent_at[static_cast<std::size_t>(k)];
        const bool incoming = turn.direction == ref::Direction::kIncoming;
        const Uuid id = rng.NewUuid();
        out.Id(id).Id(u.id).Id(ChannelId(u, s.channel)).Text(incoming ? "incoming" : "outgoing");
        std::string_view type = "text";
        std::string_view file;
        switch (turn.media) {
          case ref::Media::kImage:
            type = "image";
            file = "photo.jpg";
            break;
          case ref::Media::kDocument:
            type = "document";
            file = "document.pdf";
            break;
          case ref::Media::kAudio:
            type = "audio";
            file = "voice.ogg";
            break;
          case ref::Media::kNone: break;
        }
        out.Text(type);
        content.clear();
        FillTemplate(content, turn.text, values);
        sealed.Row(ctx.keys.Key(i), id);
        sealed.Text("content", content);
        if (file.empty()) {
          out.Null();
        } else {
          url = MediaUrl("messages", id, file);
          const std::string_view urls[] = {url};
          out.TextArray(urls);
        }
        j.Reset().BeginObject();
        j.Field("session_id", s.session_key);
        if (s.channel == ChannelKind::kWhatsApp) {
          wa_id = "wamid.HBgM";
          AppendHex(wa_id, rng, 24);
          j.Field("wa_message_id", wa_id);
          j.Field("status", incoming ? "received" : "read");
        } else if (s.channel == ChannelKind::kEmail) {
          j.Field("subject", (k == 0 ? "" : "Re: ") + std::string(ref::EmailSubject(s.topic)));
        } else {
          j.Field("segments", static_cast<int>(1 + content.size() / 160));
        }
        if (!incoming) j.Key("agent_id").String(agent_id);
        j.EndObject();
        out.Json(j.str());
        // Everything is read, except what arrived in a conversation still open.
        const bool read = s.status != SessionStatus::kActive || k + 1 < s.turns || !incoming;
        out.Bool(read).Timestamp(sent).Timestamp(sent).Bool(false);
        // The carrier's id and, for what we sent, how far delivery got.
        provider_id.clear();
        std::string_view delivered;
        if (s.channel == ChannelKind::kWhatsApp) {
          out.Text("whatsapp").Text(wa_id);
          delivered = "read";
        } else if (s.channel == ChannelKind::kSms) {
          provider_id = "SM";
          AppendUuid(provider_id, id);
          out.Text("twilio").Text(provider_id);
          delivered = "delivered";
        } else {
          AppendUuid(provider_id, id);
          provider_id += "@mail.imedic.example";
          out.Text("email").Text(provider_id);
          delivered = "sent";
        }
        if (incoming) {
          out.Null();
        } else {
          out.Text(delivered);
        }
        out.Id(s.id).Text("patient");
        // Who wrote what we sent (0028): the coordinator, about the patient's care.
        if (incoming) {
          out.Null().Null();
        } else {
          out.Id(agent.id).Text("care");
        }
        out.EndRow();
      }
    }
  }
  return out.Finish();
}

}  // namespace imedic::seed
