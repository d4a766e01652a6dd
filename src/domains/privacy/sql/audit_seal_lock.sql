-- One audit sealer at a time across all nodes: a transaction-scoped advisory
-- lock (released at COMMIT/ROLLBACK). The key is a fixed constant owned by
-- the audit chain (ASCII "imaudit1" as a big-endian bigint).
SELECT pg_try_advisory_xact_lock(7596835303267595313)
