// HTTP routes of the patient's aftercare schedule (issue 11, item 6):
//   GET  /bookings/{id}/follow-ups     followups.read, booking in scope: its schedule
//   GET  /me/follow-ups                followups.read: the patient's own items (keyset pages)
//   GET  /follow-ups/{id}              followups.read, in scope: one item
//   POST /follow-ups/{id}/complete     followups.read: the patient completes their own item
//                                      (notes, photos, complication); staff holding
//                                      followups.write complete items in their care scope
//   POST /follow-ups/{id}/reschedule   followups.write, in scope: a new due time
// Notes are sealed with the patient's data key (docs/encryption.md); photos
// are ids of the patient's stored files (photos_of_patient). Each write is
// audited and writes its journey event in the same statement. The
// schedule itself is made by POST /bookings/{id}/complete
// (schedule_aftercare); reminders, overdue marks and escalations by the
// aftercare job (aftercare_job.hpp).
#pragma once

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` and `keys` must outlive the router.
void RegisterFollowUpRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys);

}  // namespace imedic::care
