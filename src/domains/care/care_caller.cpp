#include "domains/care/care_caller.hpp"

namespace imedic::care {

Caller CallerOf(const http::RequestContext& ctx) {
  const core::Principal& p = *ctx.principal;
  Caller c{p.user_id, p.patient_scopes.ToSql(), ctx.request.request_id, std::nullopt,
           p.AuditRole()};
  if (!ctx.request.remote_address.empty()) c.ip = ctx.request.remote_address;
  return c;
}

namespace {

core::Error Named(core::Error base, core::ErrorCode code, std::string message, std::string field,
                  std::string field_message) {
  core::Error e(code, std::move(message), {{std::move(field), std::move(field_message)}},
                std::move(base.internal_detail));
  e.constraint = std::move(base.constraint);
  return e;
}

}  // namespace

core::Error ExplainCareError(core::Error error, std::string_view slot) {
  using core::ErrorCode;
  const std::string c = error.constraint;
  if (c == "bookings_slot_capacity") {
    const std::string id(slot);
    return Named(std::move(error), ErrorCode::kConflict,
                 "slot " + id + " has no place left (full, closed or unknown)", "availability_id",
                 "slot " + id + " has no place left");
  }
  if (c == "bookings_slot_procedure_check") {
    return Named(std::move(error), ErrorCode::kInvalidInput,
                 "the slot is kept for another procedure", "availability_id",
                 "kept for another procedure");
  }
  if (c == "bookings_patient_overlap_excl") {
    return Named(std::move(error), ErrorCode::kConflict,
                 "the patient already holds a booking overlapping this time", "patient_profile_id",
                 "holds an overlapping booking");
  }
  if (c == "bookings_status_transition") {
    return Named(std::move(error), ErrorCode::kConflict,
                 "only a confirmed booking can be completed, cancelled or marked no-show", "status",
                 "the booking is no longer confirmed");
  }
  if (c == "bookings_quote_check") {
    return Named(std::move(error), ErrorCode::kInvalidInput,
                 "the quote is not an accepted quote of this patient and procedure", "quote_id",
                 "not an accepted quote of this patient and procedure");
  }
  if (c == "bookings_procedure_id_fkey") {
    return Named(std::move(error), ErrorCode::kInvalidInput, "no such procedure", "procedure_id",
                 "no such procedure");
  }
  if (c == "bookings_consultation_id_fkey") {
    return Named(std::move(error), ErrorCode::kInvalidInput, "no such consultation",
                 "consultation_id", "no such consultation");
  }
  if (c == "payment_ledger_refund_exceeds_paid") {
    return Named(std::move(error), ErrorCode::kConflict,
                 "a refund cannot exceed what is still paid on the booking", "amount_minor",
                 "more than is still paid");
  }
  if (c == "payment_ledger_currency") {
    return Named(std::move(error), ErrorCode::kInvalidInput,
                 "the payment's currency differs from the booking's", "currency",
                 "must be the booking's currency");
  }
  if (c == "payment_ledger_check") {
    return Named(std::move(error), ErrorCode::kInvalidInput, "invalid amount", "amount_minor",
                 "must be positive (an adjustment: not zero)");
  }
  return error;
}

}  // namespace imedic::care
