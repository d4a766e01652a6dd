-- Removes Idempotency-Keys past their 24 hours; returns how many.
SELECT purge_idempotency_keys()
