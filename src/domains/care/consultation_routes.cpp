#include "domains/care/consultation_routes.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/random.hpp"
#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/consultation_resources.hpp"
#include "domains/care/quote_resources.hpp"
#include "domains/care/quotes.hpp"
#include "domains/care/row_scope.hpp"
#include "domains/care/sql/queries.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

constexpr std::size_t kMaxNotes = 5000;

struct Context {
  db::Pool& pool;
  const core::Keyring& keys;
  std::string meeting_base_url;  // ends with '/'
};

core::Error Forbidden(std::string message) {
  return core::Error(core::ErrorCode::kForbidden, std::move(message));
}

// ---------------------------------------------------------------------------
// POST /consultations
// ---------------------------------------------------------------------------

struct NewConsultation {
  std::optional<std::string> patient;
  std::string provider;
  std::optional<std::string> procedure;
  std::string type = "video";
  std::optional<std::string> slot;
  std::optional<std::string> scheduled_at;
  std::optional<std::string> zone;
  std::optional<std::int64_t> minutes;
  std::optional<std::string> notes;
};

core::Result<NewConsultation> ReadNewConsultation(std::string_view body) {
  auto object = http::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  http::FieldReader f(*object);
  NewConsultation c;
  c.patient = UuidField(f, "patient_profile_id", false);
  auto provider = UuidField(f, "provider_id", true);
  c.procedure = UuidField(f, "procedure_id", false);
  c.type =
      f.Enum("consultation_type", false, {"video", "phone", "in_person", "zoom"}).value_or("video");
  c.slot = UuidField(f, "availability_id", false);
  c.scheduled_at = f.String("scheduled_at", false, 40);
  if (c.scheduled_at && !IsIsoDateTime(*c.scheduled_at, false)) {
    f.AddError("scheduled_at",
               "must be an ISO 8601 date-time: with Z or an offset an instant, without one a "
               "wall time in `timezone` (or the clinic's zone)");
    c.scheduled_at.reset();
  }
  c.zone = f.String("timezone", false, 64, 1);
  c.minutes = f.Int("duration_minutes", false, 10, 240);
  c.notes = f.String("notes", false, kMaxNotes);
  const bool slot_given = f.Present("availability_id");
  const bool time_given = f.Present("scheduled_at");
  if (slot_given == time_given) {
    f.AddError(slot_given ? "scheduled_at" : "availability_id",
               "give either availability_id (a slot) or scheduled_at (a proposed time)");
  }
  if (slot_given && f.Present("timezone")) {
    f.AddError("timezone",
               "a slot's time is in the clinic's zone; send timezone with scheduled_at");
  }
  if (auto done = f.Finish(); !done) return core::Fail(done.error());
  c.provider = *provider;
  if (c.notes && c.notes->empty()) c.notes.reset();
  return c;
}

core::Result<Response> CreateConsultation(const Context& cx, RequestContext& ctx) {
  auto input = ReadNewConsultation(ctx.request.body);
  if (!input) return core::Fail(input.error());
  const core::Principal& who = *ctx.principal;
  // Staff who schedule consultations book them (confirmed); a patient asks
  // for one for themselves (requested, until the clinic answers).
  const bool books = who.Has("consultations.write");
  if (!books && !who.patient_profile_id) {
    return core::Fail(
        Forbidden("this account may neither book consultations "
                  "(consultations.write) nor request one as a patient"));
  }
  if (!input->patient) {
    if (books) {
      return core::Fail(core::Error::InvalidInput(
          "invalid request body", {{"patient_profile_id", "is required when staff book"}}));
    }
    input->patient = *who.patient_profile_id;
  }
  const Caller caller = CallerOf(ctx);
  std::optional<std::string> meeting_id, meeting_url;
  if (input->type == "video" || input->type == "zoom") {
    meeting_id = core::RandomHex(16);  // 128 bits: the link is the meeting's only key
    meeting_url = cx.meeting_base_url + *meeting_id;
  }
  const std::string id = core::NewUuidV4();  // chosen first: sealed notes are bound to it

  auto row = db::InTransaction(cx.pool, [&](db::Connection& conn) -> core::Result<json> {
    auto parties = conn.Execute(sql::kConsultationParties,
                                db::Params{*input->patient, input->provider, caller.user_id,
                                           caller.scopes, input->zone, input->slot});
    if (!parties) return core::Fail(parties.error());
    if (parties->rows() != 1 || parties->Get(0, 0) != "t") {
      return core::Fail(core::Error::NotFound("no such patient or provider in your reach"));
    }
    if (parties->Get(0, 1) != "t") {
      return core::Fail(core::Error::InvalidInput(
          "invalid request body", {{"timezone", "not an IANA time zone name (Europe/London…)"}}));
    }
    if (parties->Get(0, 2) != "t") {
      return core::Fail(core::Error::InvalidInput(
          "invalid request body",
          {{"availability_id", "no open slot with this id (closed, deleted, past or unknown)"}}));
    }
    std::optional<std::string> sealed;
    if (input->notes) {
      auto key = privacy::DataKeys(cx.keys).GetOrCreate(
          conn, core::PatientId::Trusted(*core::ParseUuid(*input->patient)));
      if (!key) return core::Fail(key.error());
      sealed = privacy::EncryptField(*key, *input->notes, kNotesColumn, id);
    }
    auto r = conn.Execute(
        sql::kInsertConsultation,
        db::Params{id, *input->patient, input->provider, input->procedure, input->type, input->slot,
                   input->scheduled_at, input->zone, input->minutes, meeting_url, meeting_id,
                   sealed, books ? "confirmed" : "requested", caller.user_id, caller.role,
                   caller.request_id, caller.ip});
    if (!r) return core::Fail(Explain(r.error()));
    if (r->rows() != 1) return core::Fail(core::Error::NotFound("no such provider"));
    json out = json::parse(r->Get(0, 0));
    if (input->notes) out["notes"] = *input->notes;
    return out;
  });
  if (!row) return core::Fail(row.error());
  Response resp = Response::Json(201, row->dump());
  resp.headers.emplace_back("location", "/consultations/" + id);
  return resp;
}

// ---------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------

core::Result<Response> ReadConsultation(const Context& cx, RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kGetConsultation,
                            db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  auto row = OpenNotes(cx.keys, r->Get(0, 0), r->GetOptional(0, 1));
  if (!row) return core::Fail(row.error());
  return Response::Json(200, row->dump());
}

struct ListFilters {
  std::optional<std::string> status, provider, patient, from, to;
  Page page{50, std::nullopt};
};

constexpr PageRules kPaging{"scheduled_at.asc,id.asc", 200, core::IsUuid};

core::Result<ListFilters> ReadListFilters(
    const std::vector<std::pair<std::string, std::string>>& query, bool own) {
  ListFilters out;
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : query) {
    if (ReadPageParam(key, value, kPaging, out.page, errors)) continue;
    if (key == "status") {
      if (value != "scheduled" && value != "completed" && value != "cancelled" &&
          value != "no_show") {
        errors.push_back({key, "one of scheduled, completed, cancelled, no_show"});
      }
      out.status = value;
    } else if (key == "provider_id" || (key == "patient_profile_id" && !own)) {
      if (!core::IsUuid(value)) errors.push_back({key, "must be a UUID"});
      (key == "provider_id" ? out.provider : out.patient) = value;
    } else if (key == "from" || key == "to") {
      if (!IsIsoDateTime(value, true)) {
        errors.push_back({key, "must be an RFC 3339 date-time with Z or an offset"});
      }
      (key == "from" ? out.from : out.to) = value;
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  return out;
}

core::Result<Response> ListConsultations(const Context& cx, RequestContext& ctx, bool own) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  auto filters = ReadListFilters(*query, own);
  if (!filters) return core::Fail(filters.error());
  if (own) {
    if (!ctx.principal->patient_profile_id) {
      return core::Fail(core::Error::NotFound("this account has no patient profile yet"));
    }
    filters->patient = *ctx.principal->patient_profile_id;
  }
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kListConsultations,
      db::Params{c.user_id, c.scopes, filters->status, filters->provider, filters->patient,
                 filters->from, filters->to, filters->page.after_at(), filters->page.after_key(),
                 filters->page.limit + 1, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  json items = json::array();
  const int limit = filters->page.limit;
  const int shown = std::min(r->rows(), limit);
  for (int i = 0; i < shown; ++i) {
    auto row = OpenNotes(cx.keys, r->Get(i, 0), r->GetOptional(i, 1));
    if (!row) return core::Fail(row.error());
    items.push_back(std::move(*row));
  }
  json next = nullptr;
  if (r->rows() > limit) {
    const int last = limit - 1;
    next = NextLink(
        own ? "/me/consultations" : "/consultations", *query,
        records::EncodeCursor({std::string(r->Get(last, 2)), std::string(r->Get(last, 3))},
                              kPaging.order));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

// ---------------------------------------------------------------------------
// Transitions
// ---------------------------------------------------------------------------

enum class Step { kConfirm, kDecline, kComplete, kCancel, kNoShow };

const char* StepName(Step s) {
  switch (s) {
    case Step::kConfirm: return "confirm";
    case Step::kDecline: return "decline";
    case Step::kComplete: return "complete";
    case Step::kCancel: return "cancel";
    case Step::kNoShow: return "no_show";
  }
  return "";
}

struct Completion {
  std::string outcome;
  std::optional<std::string> notes;
  std::optional<QuoteTerms> quote;
};

// The body, checked against CompletionResource (its `quote` by QuoteResource).
core::Result<Completion> ReadCompletion(std::string_view body) {
  auto object = http::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(CompletionResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  Completion c;
  c.outcome = (*valid)["outcome"].get<std::string>();
  if (auto it = valid->find("notes");
      it != valid->end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
    c.notes = it->get<std::string>();
  }
  if (auto it = valid->find("quote"); it != valid->end() && !it->is_null()) {
    auto terms = ReadQuoteTerms(*it, "quote.");
    if (!terms) return core::Fail(terms.error());
    c.quote = std::move(*terms);
  }
  return c;
}

core::Result<Response> Transition(const Context& cx, RequestContext& ctx, Step step) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  std::optional<Completion> completion;
  if (step == Step::kComplete) {
    auto c = ReadCompletion(ctx.request.body);
    if (!c) {
      return core::Fail(
          UnlessOutOfScope(cx.pool, ScopedRow::kConsultation, id, CallerOf(ctx), c.error()));
    }
    completion = std::move(*c);
  }
  const Caller caller = CallerOf(ctx);
  const bool staff = ctx.principal->Has("consultations.write");
  auto row = db::InTransaction(cx.pool, [&](db::Connection& conn) -> core::Result<json> {
    auto lock = conn.Execute(sql::kLockConsultation, db::Params{id, caller.user_id, caller.scopes});
    if (!lock) return core::Fail(lock.error());
    if (lock->rows() != 1) return core::Fail(core::Error::NotFound());
    const std::string patient(lock->Get(0, 0));
    const std::string_view status = lock->Get(0, 1);
    const std::string_view request = lock->Get(0, 2);
    const bool is_patient = lock->Get(0, 3) == "t";
    // Only the patient (their own) or staff who schedule may cancel.
    if (step == Step::kCancel && !staff && !is_patient) {
      return core::Fail(Forbidden("only the patient or the clinic may cancel a consultation"));
    }
    // A step to where the consultation already stands changes nothing in
    // the row, so the triggers would let it pass: refuse it here alike.
    if ((step == Step::kConfirm || step == Step::kDecline) && request != "requested") {
      core::Error e = core::Error::Conflict("");
      e.constraint = "consultations_request_transition";
      return core::Fail(Explain(std::move(e)));
    }
    if (status != "scheduled") {
      core::Error e = core::Error::Conflict("");
      e.constraint = "consultations_status_transition";
      return core::Fail(Explain(std::move(e)));
    }
    std::optional<std::string> sealed;
    if (completion && completion->notes) {
      auto key = privacy::DataKeys(cx.keys).GetOrCreate(conn, core::PatientId::Trusted(patient));
      if (!key) return core::Fail(key.error());
      sealed = privacy::EncryptField(*key, *completion->notes, kNotesColumn, id);
    }
    std::optional<std::string> outcome;
    if (completion) outcome = completion->outcome;
    auto r = conn.Execute(sql::kTransitionConsultation,
                          db::Params{id, StepName(step), outcome, sealed, caller.user_id,
                                     caller.role, caller.request_id, caller.ip, std::nullopt});
    if (!r) return core::Fail(Explain(r.error()));
    if (r->rows() != 1) return core::Fail(core::Error::NotFound());
    json out = json::parse(r->Get(0, 0));
    if (completion && completion->quote) {
      auto quote = InsertQuote(conn, caller, id, *completion->quote);
      if (!quote) return core::Fail(quote.error());
      out["quote"] = json::parse(*quote);
    }
    if (sealed) {
      out["notes"] = *completion->notes;
    } else if (out.contains("notes") && out["notes"].is_string() &&
               privacy::LooksEncrypted(out["notes"].get_ref<const std::string&>())) {
      auto key = privacy::DataKeys(cx.keys).Get(conn, core::PatientId::Trusted(patient));
      if (!key) return core::Fail(key.error());
      auto plain = privacy::DecryptField(*key, out["notes"].get<std::string>(), kNotesColumn, id);
      if (!plain) return core::Fail(plain.error());
      out["notes"] = std::move(*plain);
    }
    return out;
  });
  if (!row) return core::Fail(row.error());
  return Response::Json(200, row->dump());
}

// ---------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------

core::Result<Response> CreateQuote(const Context& cx, RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller caller = CallerOf(ctx);
  auto object = http::ParseJsonObject(ctx.request.body);
  auto terms = object ? ReadQuoteTerms(*object, "") : core::Fail(object.error());
  if (!terms) {
    return core::Fail(
        UnlessOutOfScope(cx.pool, ScopedRow::kConsultation, id, caller, terms.error()));
  }
  auto quote = db::InTransaction(
      cx.pool, [&](db::Connection& conn) { return InsertQuote(conn, caller, id, *terms); });
  if (!quote) return core::Fail(quote.error());
  return Response::Json(201, std::move(*quote));
}

core::Result<Response> ListQuotes(const Context& cx, RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller c = CallerOf(ctx);
  auto conn = cx.pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListQuotes,
                            db::Params{id, c.user_id, c.scopes, c.request_id, c.ip, c.role});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> AcceptQuote(const Context& cx, RequestContext& ctx) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const Caller caller = CallerOf(ctx);
  auto quote = db::InTransaction(cx.pool, [&](db::Connection& conn) -> core::Result<std::string> {
    auto lock = conn.Execute(sql::kLockQuote, db::Params{id, caller.user_id, caller.scopes});
    if (!lock) return core::Fail(lock.error());
    if (lock->rows() != 1) return core::Fail(core::Error::NotFound());
    if (lock->Get(0, 0) != "t") {
      return core::Fail(Forbidden("only the patient accepts a quote"));
    }
    auto r = conn.Execute(sql::kAcceptQuote, db::Params{id, caller.user_id, caller.role,
                                                        caller.request_id, caller.ip});
    if (!r) return core::Fail(Explain(r.error()));
    if (r->rows() != 1) return core::Fail(core::Error::NotFound());
    return std::string(r->Get(0, 0));
  });
  if (!quote) return core::Fail(quote.error());
  return Response::Json(200, std::move(*quote));
}

const std::vector<http::DocParam> kListParams = {
    {"status", "string", "scheduled, completed, cancelled or no_show"},
    {"provider_id", "string", "only this provider's consultations"},
    {"patient_profile_id", "string", "only this patient's consultations"},
    {"from", "string", "scheduled at or after this instant (RFC 3339)"},
    {"to", "string", "scheduled before this instant (RFC 3339)"},
    {"limit", "integer", "page size, 1–200 (default 50)"},
    {"cursor", "string", "the `next` link's cursor"},
};
const std::vector<http::DocParam> kOwnListParams = {
    {"status", "string", "scheduled, completed, cancelled or no_show"},
    {"provider_id", "string", "only this provider's consultations"},
    {"from", "string", "scheduled at or after this instant (RFC 3339)"},
    {"to", "string", "scheduled before this instant (RFC 3339)"},
    {"limit", "integer", "page size, 1–200 (default 50)"},
    {"cursor", "string", "the `next` link's cursor"},
};

// A step's entry: its body (the completion's declaration, or none) and the
// consultation it answers.
RouteDoc StepDoc(bool completes) {
  RouteDoc d{&ConsultationResource(), DocShape::kNone, DocShape::kOne, 200};
  if (completes) d.input = &CompletionResource();
  return d;
}

}  // namespace

void RegisterConsultationRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                                std::string meeting_base_url) {
  if (meeting_base_url.empty() || meeting_base_url.back() != '/') meeting_base_url.push_back('/');
  auto cx = std::make_shared<Context>(Context{pool, keys, std::move(meeting_base_url)});

  // Patients hold consultations.read and request for themselves; staff with
  // consultations.write book (the handler tells them apart).
  router.Add({"POST", "/consultations",
              [cx](RequestContext& ctx) { return CreateConsultation(*cx, ctx); },
              "consultations.read", "write",
              "Request a consultation (a patient, for themselves) or book one (clinic staff, "
              "care coordinators), at a slot or a proposed time",
              BodyKind::kJson, RowKind::kNone,
              RouteDoc{&ConsultationResource(), DocShape::kCreate, DocShape::kOne, 201}})
      << http::Documents{404};
  RouteDoc list{&ConsultationResource(), DocShape::kNone, DocShape::kPage, 200};
  list.query = &kListParams;
  router.Add({"GET", "/consultations",
              [cx](RequestContext& ctx) { return ListConsultations(*cx, ctx, false); },
              "consultations.read", "read",
              "Consultations in the caller's reach, by scheduled time (keyset pages)",
              BodyKind::kNone, RowKind::kNone, list})
      << http::Documents{422};
  RouteDoc own{&ConsultationResource(), DocShape::kNone, DocShape::kPage, 200};
  own.query = &kOwnListParams;
  router.Add({"GET", "/me/consultations",
              [cx](RequestContext& ctx) { return ListConsultations(*cx, ctx, true); },
              "consultations.read", "read", "The caller's own consultations, by scheduled time",
              BodyKind::kNone, RowKind::kNone, own})
      << http::Documents{404, 422};
  router.Add({"GET", "/consultations/{id}",
              [cx](RequestContext& ctx) { return ReadConsultation(*cx, ctx); },
              "consultations.read", "read", "One consultation (notes decrypted)", BodyKind::kNone,
              RowKind::kConsultation,
              RouteDoc{&ConsultationResource(), DocShape::kNone, DocShape::kOne, 200}});

  struct StepRoute {
    Step step;
    const char* path;
    const char* permission;
    const char* summary;
    BodyKind body;
  };
  const StepRoute steps[] = {
      {Step::kConfirm, "/consultations/{id}/confirm", "consultations.write",
       "Confirm a patient's consultation request (clinic side)", BodyKind::kNone},
      {Step::kDecline, "/consultations/{id}/decline", "consultations.write",
       "Decline a patient's consultation request (clinic side); it is cancelled", BodyKind::kNone},
      {Step::kComplete, "/consultations/{id}/complete", "consultations.write",
       "Record a held consultation: outcome, sealed notes, and optionally a quote",
       BodyKind::kJson},
      {Step::kCancel, "/consultations/{id}/cancel", "consultations.read",
       "Cancel a consultation (its patient, or the clinic)", BodyKind::kNone},
      {Step::kNoShow, "/consultations/{id}/no-show", "consultations.write",
       "Record that the patient did not attend", BodyKind::kNone},
  };
  for (const StepRoute& s : steps) {
    const Step step = s.step;
    router.Add({"POST", s.path,
                [cx, step](RequestContext& ctx) { return Transition(*cx, ctx, step); },
                s.permission, "write", s.summary, s.body, RowKind::kConsultation,
                StepDoc(s.body == BodyKind::kJson)})
        << http::Documents{409};
  }

  router.Add({"POST", "/consultations/{id}/quotes",
              [cx](RequestContext& ctx) { return CreateQuote(*cx, ctx); }, "consultations.write",
              "write", "Issue the next version of a consultation's quote", BodyKind::kJson,
              RowKind::kConsultation,
              RouteDoc{&QuoteResource(), DocShape::kCreate, DocShape::kOne, 201}})
      << http::Documents{409};
  router.Add({"GET", "/consultations/{id}/quotes",
              [cx](RequestContext& ctx) { return ListQuotes(*cx, ctx); }, "consultations.read",
              "read", "A consultation's quotes, newest version first", BodyKind::kNone,
              RowKind::kConsultation,
              RouteDoc{&QuoteResource(), DocShape::kNone, DocShape::kPage, 200}});
  router.Add({"POST", "/quotes/{id}/accept",
              [cx](RequestContext& ctx) { return AcceptQuote(*cx, ctx); }, "consultations.read",
              "write",
              "Accept a quote (its patient only; refused once expired, withdrawn or another "
              "accepted)",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{&QuoteResource(), DocShape::kNone, DocShape::kOne, 200}})
      << http::Documents{409};
}

}  // namespace imedic::care
