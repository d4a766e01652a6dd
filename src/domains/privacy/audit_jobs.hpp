// The audit sealer as a periodic background job of `imedic serve`.
#pragma once

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::privacy {

// Adds "audit_sealer": every 500 ms, seals the committed unsealed audit rows
// (draining a backlog in batches of 5000, at most 20 batches a turn) with the
// keyring's active key. Safe with many nodes: only the one holding the
// sealer's advisory lock works. Failures are logged once when they start and
// once when sealing recovers (no line every 500 ms while PostgreSQL is away);
// the chain head is logged at most once a minute as an external witness.
// REQUIRES: `pool` and `keys` outlive `jobs`' thread (Stop() it first).
void AddAuditSealerJob(jobs::PeriodicJobs& jobs, db::Pool& pool, const core::Keyring& keys);

}  // namespace imedic::privacy
