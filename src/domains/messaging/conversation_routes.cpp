#include "domains/messaging/conversation_routes.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/uuid.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/idempotency.hpp"
#include "domains/messaging/conversation_resources.hpp"
#include "domains/messaging/conversation_send.hpp"
#include "domains/messaging/envelope_keys.hpp"
#include "domains/messaging/sql/queries.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"
#include "records/list_query.hpp"

namespace imedic::messaging {

namespace {

using care::Caller;
using care::CallerOf;
using care::Page;
using care::PageRules;
using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

constexpr int kDefaultLimit = 20;
constexpr int kDefaultRespondWithinMinutes = 60;
constexpr PageRules kInboxPaging{"last_activity_at.desc,id.asc", 100, core::IsUuid,
                                 "conversation list"};
constexpr PageRules kThreadPaging{"sent_at.desc,id.asc", 100, core::IsUuid, "thread"};

// Who reads: staff by their patient and lead scopes, a patient (the /me
// routes) by their own user id.
struct Viewer {
  Caller caller;
  std::string lead_scope;
  bool own = false;
};

Viewer ViewerOf(const RequestContext& ctx, bool own) {
  Viewer v{CallerOf(ctx), {}, own};
  const StaffScope scope = StaffScopeOf(*ctx.principal);
  v.caller.scopes = scope.patients;
  v.lead_scope = scope.leads;
  return v;
}

core::Result<http::QueryPairs> QueryOf(const RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  return *query;
}

// ---------------------------------------------------------------------------
// GET /conversations, GET /me/conversations
// ---------------------------------------------------------------------------

struct InboxFilter {
  std::optional<std::string> status, assignee, channel;
  bool unassigned = false;
  std::optional<bool> unread;
  Page page{kDefaultLimit, std::nullopt};
};

core::Result<InboxFilter> ReadInboxFilter(const http::QueryPairs& query, const Viewer& v) {
  InboxFilter f;
  std::vector<core::FieldError> errors;
  std::set<std::string> seen;
  for (const auto& [key, value] : query) {
    if (!seen.insert(key).second) {
      errors.push_back({key, "given more than once"});
      continue;
    }
    if (care::ReadPageParam(key, value, kInboxPaging, f.page, errors)) continue;
    if (key == "status") {
      if (value == "open" || value == "closed") {
        f.status = value;
      } else {
        errors.push_back({key, "open or closed"});
      }
    } else if (key == "channel") {
      if (value == "whatsapp" || value == "sms" || value == "email") {
        f.channel = value;
      } else {
        errors.push_back({key, "whatsapp, sms or email"});
      }
    } else if (key == "unread") {
      if (value == "true" || value == "false") {
        f.unread = value == "true";
      } else {
        errors.push_back({key, "true or false"});
      }
    } else if (key == "assigned" && !v.own) {
      if (value == "me") {
        f.assignee = v.caller.user_id;
      } else if (value == "none") {
        f.unassigned = true;
      } else if (core::IsUuid(value)) {
        f.assignee = value;
      } else {
        errors.push_back({key, "me, none or a staff user id"});
      }
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  return f;
}

core::Result<Response> ListConversations(db::Pool& pool, RequestContext& ctx, bool own) {
  const Viewer v = ViewerOf(ctx, own);
  auto query = QueryOf(ctx);
  if (!query) return core::Fail(query.error());
  auto f = ReadInboxFilter(*query, v);
  if (!f) return core::Fail(f.error());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kListConversations,
      db::Params{v.caller.user_id, v.caller.scopes, v.lead_scope, v.own, f->status, f->assignee,
                 f->unassigned, f->channel, f->unread, f->page.after_at(), f->page.after_key(),
                 std::to_string(f->page.limit + 1)});
  if (!r) return core::Fail(r.error());
  json items = json::array();
  const int shown = std::min(r->rows(), f->page.limit);
  for (int i = 0; i < shown; ++i) items.push_back(json::parse(r->Get(i, 0)));
  json next = nullptr;
  if (r->rows() > f->page.limit) {
    const int last = f->page.limit - 1;
    next = care::NextLink(
        own ? "/me/conversations" : "/conversations", *query,
        records::EncodeCursor({std::string(r->Get(last, 1)), std::string(r->Get(last, 2))},
                              kInboxPaging.order));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

// ---------------------------------------------------------------------------
// GET /conversations/{id}
// ---------------------------------------------------------------------------

core::Result<Response> GetConversation(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Viewer v = ViewerOf(ctx, false);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kGetConversation,
                            db::Params{id, v.caller.user_id, v.caller.scopes, v.lead_scope, false});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

// ---------------------------------------------------------------------------
// GET /conversations/{id}/messages, GET /me/conversations/{id}/messages
// ---------------------------------------------------------------------------

// The keys of one conversation's messages, unwrapped on first use.
class ThreadKeys {
 public:
  ThreadKeys(const core::Keyring& keys, std::optional<std::string> patient,
             std::optional<std::string> patient_wrapped, std::optional<std::string> user_key_id,
             std::optional<std::string> user_wrapped)
      : keys_(keys),
        patient_(std::move(patient)),
        patient_wrapped_(std::move(patient_wrapped)),
        user_key_id_(std::move(user_key_id)),
        user_wrapped_(std::move(user_wrapped)) {}

  // The readable text of a stored content; null when its key is gone
  // (erasure shredded it) or it does not open.
  json Open(const std::optional<std::string>& content, const std::optional<std::string>& kind,
            const std::string& message_id) {
    if (!content) return nullptr;
    if (!kind) return *content;  // written before sealing (0023)
    const core::MasterKey* key = nullptr;
    if (*kind == "patient") {
      if (!patient_key_ && patient_ && patient_wrapped_) {
        if (auto k = privacy::UnwrapDataKey(keys_, *patient_wrapped_, *patient_)) patient_key_ = *k;
      }
      if (patient_key_) key = &*patient_key_;
    } else if (*kind == "user") {
      if (!user_key_ && user_key_id_ && user_wrapped_) {
        if (auto k = UnwrapUserKey(keys_, *user_wrapped_, *user_key_id_)) user_key_ = *k;
      }
      if (user_key_) key = &*user_key_;
    }
    if (key == nullptr) return nullptr;
    auto text = privacy::DecryptField(*key, *content, "messages.content", message_id);
    if (!text) return nullptr;
    return *text;
  }

 private:
  const core::Keyring& keys_;
  std::optional<std::string> patient_, patient_wrapped_, user_key_id_, user_wrapped_;
  std::optional<core::MasterKey> patient_key_, user_key_;
};

core::Result<Response> ListThread(db::Pool& pool, const core::Keyring& keys, RequestContext& ctx,
                                  bool own) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Viewer v = ViewerOf(ctx, own);
  auto query = QueryOf(ctx);
  if (!query) return core::Fail(query.error());
  Page page{kDefaultLimit, std::nullopt};
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : *query) {
    if (!care::ReadPageParam(key, value, kThreadPaging, page, errors)) {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto k = (*conn)->Execute(sql::kThreadKeys,
                            db::Params{id, v.caller.user_id, v.caller.scopes, v.lead_scope, own,
                                       v.caller.role, v.caller.request_id, v.caller.ip});
  if (!k) return core::Fail(k.error());
  if (k->rows() != 1) return core::Fail(core::Error::NotFound());
  ThreadKeys thread_keys(keys, k->GetOptional(0, 0), k->GetOptional(0, 1), k->GetOptional(0, 2),
                         k->GetOptional(0, 3));
  auto r = (*conn)->Execute(sql::kListThread, db::Params{id, page.after_at(), page.after_key(),
                                                         std::to_string(page.limit + 1)});
  if (!r) return core::Fail(r.error());
  json items = json::array();
  const int shown = std::min(r->rows(), page.limit);
  for (int i = 0; i < shown; ++i) {
    json m = json::parse(r->Get(i, 0));
    m["text"] = thread_keys.Open(r->GetOptional(i, 1), r->GetOptional(i, 2),
                                 std::string(r->Get(i, 3)));
    items.push_back(std::move(m));
  }
  json next = nullptr;
  if (r->rows() > page.limit) {
    const int last = page.limit - 1;
    const std::string base = (own ? "/me/conversations/" : "/conversations/") + id + "/messages";
    next = care::NextLink(
        base, *query,
        records::EncodeCursor({std::string(r->Get(last, 4)), std::string(r->Get(last, 3))},
                              kThreadPaging.order));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

// ---------------------------------------------------------------------------
// POST /conversations/{id}/assign, /close, /read
// ---------------------------------------------------------------------------

core::Result<Response> Assign(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto object = http::ParseJsonObject(ctx.request.body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(AssignConversationResource(), *object,
                                     records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  const std::string assignee = (*valid)["assigned_to"].get<std::string>();
  const std::int64_t minutes = valid->value(
      "respond_within_minutes", static_cast<std::int64_t>(kDefaultRespondWithinMinutes));
  const Viewer v = ViewerOf(ctx, false);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kAssignConversation,
      db::Params{id, v.caller.user_id, v.caller.scopes, v.lead_scope, assignee,
                 std::to_string(minutes), v.caller.role, v.caller.request_id, v.caller.ip});
  if (!r) return core::Fail(r.error());
  if (r->Get(0, 0) != "1") return core::Fail(core::Error::NotFound());
  if (r->Get(0, 1) != "1") {
    return core::Fail(core::Error::InvalidInput(
        "cannot assign to this user",
        {{"assigned_to", "not an active staff member who reads conversations"}}));
  }
  return Response::Json(200, std::string(r->Get(0, 2)));
}

// Close and mark read: one statement each over a conversation in scope.
core::Result<Response> Act(db::Pool& pool, RequestContext& ctx, const db::Query& statement) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Viewer v = ViewerOf(ctx, false);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      statement, db::Params{id, v.caller.user_id, v.caller.scopes, v.lead_scope, v.caller.role,
                            v.caller.request_id, v.caller.ip});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

const std::vector<http::DocParam> kInboxParams = {
    {"status", "string", "open or closed"},
    {"assigned", "string", "me, none, or a staff user id"},
    {"channel", "string", "whatsapp, sms or email"},
    {"unread", "boolean", "true: with unread messages; false: without"},
    {"limit", "integer", "page size, 1–100 (default 20)"},
    {"cursor", "string", "the `next` link's cursor"},
};

const std::vector<http::DocParam> kOwnInboxParams = {
    {"status", "string", "open or closed"},
    {"channel", "string", "whatsapp, sms or email"},
    {"unread", "boolean", "true: with unread messages; false: without"},
    {"limit", "integer", "page size, 1–100 (default 20)"},
    {"cursor", "string", "the `next` link's cursor"},
};

const std::vector<http::DocParam> kThreadParams = {
    {"limit", "integer", "page size, 1–100 (default 20)"},
    {"cursor", "string", "the `next` link's cursor"},
};

RouteDoc One(const records::Resource* input, const records::Resource& output, int status) {
  RouteDoc d;
  d.input = input;
  d.output = &output;
  d.response = DocShape::kOne;
  d.status = status;
  return d;
}

RouteDoc PageOf(const records::Resource& output, const std::vector<http::DocParam>& params) {
  RouteDoc d{&output, DocShape::kNone, DocShape::kPage, 200};
  d.query = &params;
  return d;
}

}  // namespace

void RegisterConversationRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys) {
  db::Pool* p = &pool;
  const core::Keyring* k = &keys;
  router.Add({"GET", "/conversations",
              [p](RequestContext& ctx) { return ListConversations(*p, ctx, false); },
              "messages.read", "none",
              "The inbox: conversations of the patients and leads in the caller's scope, most "
              "recent activity first (filter by status, assignee, channel, unread; keyset pages)",
              BodyKind::kNone, RowKind::kNone, PageOf(ConversationResource(), kInboxParams)})
      << http::Documents{422};
  router.Add({"GET", "/conversations/{id}",
              [p](RequestContext& ctx) { return GetConversation(*p, ctx); }, "messages.read",
              "none",
              "One conversation: channel, state, assignee, unread count, first response, "
              "WhatsApp's 24-hour window",
              BodyKind::kNone, RowKind::kNone, One(nullptr, ConversationResource(), 200)});
  router.Add(
      {"GET", "/conversations/{id}/messages",
       [p, k](RequestContext& ctx) { return ListThread(*p, *k, ctx, false); }, "messages.read",
       "read", "A conversation's messages, newest first, opened for the reader (keyset pages)",
       BodyKind::kNone, RowKind::kNone, PageOf(ConversationMessageResource(), kThreadParams)})
      << http::Documents{422};
  router.Add({"POST", "/conversations/{id}/messages",
              [p, k](RequestContext& ctx) { return SendConversationMessage(*p, *k, ctx); },
              "messages.write", "write",
              "Send into a conversation through the outbox: free text, or an approved template "
              "(WhatsApp outside the 24-hour window: only a template); refused when the channel "
              "opted out or a marketing send lacks consent. Honours Idempotency-Key",
              BodyKind::kJson, RowKind::kNone,
              One(&NewConversationMessageResource(), ConversationMessageResource(), 201)})
      << http::Documents{409};
  router.Add({"POST", "/conversations/{id}/assign",
              [p](RequestContext& ctx) { return Assign(*p, ctx); }, "messages.write", "write",
              "Assign or transfer a conversation to a staff member, with a first-response due "
              "time",
              BodyKind::kJson, RowKind::kNone,
              One(&AssignConversationResource(), ConversationResource(), 200)});
  router.Add({"POST", "/conversations/{id}/close",
              [p](RequestContext& ctx) { return Act(*p, ctx, sql::kCloseConversation); },
              "messages.write", "write",
              "Close a conversation (the contact's next message opens a new one)", BodyKind::kNone,
              RowKind::kNone, One(nullptr, ConversationResource(), 200)});
  router.Add({"POST", "/conversations/{id}/read",
              [p](RequestContext& ctx) { return Act(*p, ctx, sql::kMarkConversationRead); },
              "messages.read", "write",
              "Mark a conversation read: its unread count to 0, its incoming messages read",
              BodyKind::kNone, RowKind::kNone, One(nullptr, ConversationResource(), 200)});
  router.Add({"GET", "/me/conversations",
              [p](RequestContext& ctx) { return ListConversations(*p, ctx, true); },
              "messages.read", "none", "The caller's own conversations, most recent first",
              BodyKind::kNone, RowKind::kNone, PageOf(ConversationResource(), kOwnInboxParams)})
      << http::Documents{422};
  router.Add({"GET", "/me/conversations/{id}/messages",
              [p, k](RequestContext& ctx) { return ListThread(*p, *k, ctx, true); },
              "messages.read", "read", "The messages of one of the caller's own conversations",
              BodyKind::kNone, RowKind::kNone,
              PageOf(ConversationMessageResource(), kThreadParams)})
      << http::Documents{422};
}

}  // namespace imedic::messaging
