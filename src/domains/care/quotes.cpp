#include "domains/care/quotes.hpp"

#include <string>

#include "domains/care/quote_resources.hpp"
#include "domains/care/sql/queries.hpp"
#include "records/body_validator.hpp"

namespace imedic::care {

core::Result<QuoteTerms> ReadQuoteTerms(const nlohmann::json& object, std::string_view prefix) {
  if (!object.is_object()) {
    return core::Fail(core::Error::InvalidInput(
        "invalid request body",
        {{std::string(prefix.empty() ? "body" : prefix.substr(0, prefix.size() - 1)),
          "must be an object"}}));
  }
  // QuoteResource validates (and documents) the terms; defaults applied.
  auto valid = records::ValidateBody(QuoteResource(), object, records::WriteMode::kCreate);
  if (!valid) {
    core::Error e = valid.error();
    for (auto& fe : e.fields) fe.field = std::string(prefix) + fe.field;
    return core::Fail(std::move(e));
  }
  QuoteTerms t;
  if (auto it = valid->find("procedure_id"); it != valid->end() && it->is_string()) {
    t.procedure_id = it->get<std::string>();
  }
  t.price_minor = (*valid)["price_minor"].get<std::int64_t>();
  t.currency = (*valid)["currency"].get<std::string>();
  t.hotel_nights = valid->value("hotel_nights", std::int64_t{0});
  t.airport_transfers = valid->value("airport_transfers", false);
  t.interpreter = valid->value("interpreter", false);
  t.valid_until = (*valid)["valid_until"].get<std::string>();
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
