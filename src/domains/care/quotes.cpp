#include "domains/care/quotes.hpp"

#include "domains/care/sql/queries.hpp"
#include "http/json_body.hpp"

namespace imedic::care {

core::Result<QuoteTerms> ReadQuoteTerms(const nlohmann::json& object, std::string_view prefix) {
  if (!object.is_object()) {
    return core::Fail(core::Error::InvalidInput(
        "invalid request body",
        {{std::string(prefix.empty() ? "body" : prefix.substr(0, prefix.size() - 1)),
          "must be an object"}}));
  }
  http::FieldReader f(object);
  QuoteTerms t;
  t.procedure_id = UuidField(f, "procedure_id", false);
  auto price = f.Int("price_minor", true, 1, 1'000'000'000'000);
  auto currency = f.String("currency", true, 3, 3);
  if (currency) {
    for (char ch : *currency) {
      if (ch < 'A' || ch > 'Z') {
        f.AddError("currency", "must be an ISO 4217 code in upper case (EUR, GBP, TRY…)");
        currency.reset();
        break;
      }
    }
  }
  auto nights = f.Int("hotel_nights", false, 0, 60);
  auto transfers = f.Bool("airport_transfers", false);
  auto interpreter = f.Bool("interpreter", false);
  auto valid_until = InstantField(f, "valid_until", true);
  if (auto done = f.Finish(); !done) {
    core::Error e = done.error();
    for (auto& fe : e.fields) fe.field = std::string(prefix) + fe.field;
    return core::Fail(std::move(e));
  }
  t.price_minor = *price;
  t.currency = *currency;
  t.hotel_nights = nights.value_or(0);
  t.airport_transfers = transfers.value_or(false);
  t.interpreter = interpreter.value_or(false);
  t.valid_until = *valid_until;
  return t;
}

core::Result<std::string> InsertQuote(db::Connection& conn, const Caller& caller,
                                      std::string_view consultation_id, const QuoteTerms& terms) {
  // Lock the consultation in a statement of its own: the insert that
  // follows then takes its snapshot after every quote committed before the
  // lock, so concurrent quotes get versions one after the other instead of
  // colliding on (consultation_id, version).
  auto lock = conn.Execute(sql::kLockConsultation,
                           db::Params{consultation_id, caller.user_id, caller.scopes});
  if (!lock) return core::Fail(lock.error());
  if (lock->rows() != 1) return core::Fail(core::Error::NotFound());
  auto r = conn.Execute(
      sql::kInsertQuote,
      db::Params{consultation_id, terms.procedure_id, terms.price_minor, terms.currency,
                 terms.hotel_nights, terms.airport_transfers, terms.interpreter, terms.valid_until,
                 caller.user_id, caller.scopes, caller.role, caller.request_id, caller.ip});
  if (!r) return core::Fail(Explain(r.error()));
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  if (r->IsNull(0, 0)) {
    return core::Fail(core::Error::InvalidInput(
        "invalid request body",
        {{"procedure_id", "required: the consultation names no procedure"}}));
  }
  return std::string(r->Get(0, 0));
}

}  // namespace imedic::care
