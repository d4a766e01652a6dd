-- Care journey, part 2 (issue 11): the payments ledger, cancellation
-- policies and the refund they make due, and idempotency keys for POSTs
-- that create bookings, payments and refunds.

-- ---------------------------------------------------------------------------
-- payment_ledger: append-only money movements of a booking.
-- ---------------------------------------------------------------------------

-- One row per payment event: deposit, balance, refund (amounts > 0) or an
-- adjustment (either sign, e.g. a fee waived). Only 'succeeded' rows move
-- money; a later outcome of the same payment (pending → succeeded) is a new
-- row. provider_event_id is the payment provider's event id: a replayed
-- webhook finds it taken (INSERT … ON CONFLICT DO NOTHING) and changes
-- nothing. Rows are never updated or deleted (a trigger refuses both; only
-- the cascade of erasing the booking's patient removes them).
-- Sensitivity: moderate (financial; no card data, only references).
CREATE TABLE payment_ledger (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('deposit', 'balance', 'refund', 'adjustment')),
  amount_minor BIGINT NOT NULL,
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  method TEXT NOT NULL CHECK (method IN ('card', 'bank_transfer', 'cash', 'other')),
  external_reference TEXT CHECK (char_length(external_reference) <= 200),
  status TEXT NOT NULL DEFAULT 'succeeded' CHECK (status IN ('pending', 'succeeded', 'failed')),
  provider_event_id TEXT UNIQUE CHECK (char_length(provider_event_id) <= 200),
  recorded_by UUID,  -- no foreign key: the ledger outlives the staff who wrote it
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (CASE WHEN kind = 'adjustment' THEN amount_minor <> 0 ELSE amount_minor > 0 END)
);
-- A booking's entries in order (the ledger view and the derivation).
CREATE INDEX payment_ledger_booking_id_idx ON payment_ledger (booking_id, created_at);

-- Refuses UPDATE, DELETE and TRUNCATE, like audit_log. A DELETE cascading
-- from a deleted booking (pg_trigger_depth() > 1: fired by the foreign key's
-- own trigger) is let through, so erasing a patient still works.
CREATE FUNCTION payment_ledger_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'payment_ledger is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER payment_ledger_guard_rows BEFORE UPDATE OR DELETE ON payment_ledger
  FOR EACH ROW EXECUTE FUNCTION payment_ledger_guard();
CREATE TRIGGER payment_ledger_guard_truncate BEFORE TRUNCATE ON payment_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION payment_ledger_guard();

-- Privileges as for audit_log (0009): nobody is granted changes to entries;
-- an application role that exists may read and append.
REVOKE UPDATE, DELETE, TRUNCATE ON payment_ledger FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'imedic_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON payment_ledger FROM imedic_app;
    GRANT SELECT, INSERT ON payment_ledger TO imedic_app;
  END IF;
END;
$$;

-- Before an entry is written: lock its booking (entries of one booking are
-- serialised), check the currency, and refuse a refund beyond what was
-- paid. After it is written: derive bookings.paid_minor, refunded_minor and
-- payment_status in the same statement:
--   refunded_minor > 0                → 'refunded'
--   paid_minor >= total_cost (minor)  → 'paid'
--   paid_minor > 0                    → 'deposit'
--   otherwise                         → 'pending'
-- paid_minor sums succeeded deposits, balances and adjustments.
CREATE FUNCTION payment_ledger_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  b bookings;
BEGIN
  SELECT * INTO b FROM bookings WHERE id = NEW.booking_id FOR NO KEY UPDATE;
  IF NEW.currency <> b.currency THEN
    RAISE EXCEPTION 'payment currency % differs from the booking''s %', NEW.currency, b.currency
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_ledger_currency';
  END IF;
  IF NEW.status = 'succeeded' AND NEW.kind = 'refund'
     AND b.refunded_minor + NEW.amount_minor > b.paid_minor THEN
    RAISE EXCEPTION 'refund of % exceeds the % still paid', NEW.amount_minor,
      b.paid_minor - b.refunded_minor
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'payment_ledger_refund_exceeds_paid';
  END IF;
  IF NEW.status = 'succeeded' AND NEW.kind = 'adjustment'
     AND b.paid_minor + NEW.amount_minor < b.refunded_minor THEN
    RAISE EXCEPTION 'adjustment would leave less paid than refunded'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'payment_ledger_refund_exceeds_paid';
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION payment_ledger_derive() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  paid BIGINT;
  refunded BIGINT;
BEGIN
  IF NEW.status <> 'succeeded' THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(sum(amount_minor) FILTER (WHERE kind <> 'refund'), 0),
         coalesce(sum(amount_minor) FILTER (WHERE kind = 'refund'), 0)
  INTO paid, refunded
  FROM payment_ledger WHERE booking_id = NEW.booking_id AND status = 'succeeded';
  UPDATE bookings SET
    paid_minor = paid,
    refunded_minor = refunded,
    payment_status = CASE
      WHEN refunded > 0 THEN 'refunded'
      WHEN paid >= to_minor_units(total_cost, currency) THEN 'paid'
      WHEN paid > 0 THEN 'deposit'
      ELSE 'pending' END
  WHERE id = NEW.booking_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER payment_ledger_check BEFORE INSERT ON payment_ledger
  FOR EACH ROW EXECUTE FUNCTION payment_ledger_check();
CREATE TRIGGER payment_ledger_derive AFTER INSERT ON payment_ledger
  FOR EACH ROW EXECUTE FUNCTION payment_ledger_derive();

-- Records one ledger entry with its audit row and journey event: the route's
-- one call for POST /bookings/{id}/payments, refunds and the webhook. A
-- replayed provider_event_id writes nothing and returns the first entry with
-- replayed = true. Errors: 23P01 payment_ledger_refund_exceeds_paid, 23514
-- payment_ledger_currency, 23503 for an unknown booking.
CREATE FUNCTION record_payment(p_booking UUID, p_kind TEXT, p_amount_minor BIGINT,
                               p_currency TEXT, p_method TEXT, p_external_reference TEXT,
                               p_status TEXT, p_provider_event_id TEXT,
                               p_actor UUID, p_actor_role TEXT, p_request_id TEXT, p_ip INET,
                               OUT entry payment_ledger, OUT replayed BOOLEAN,
                               OUT payment_status TEXT, OUT paid_minor BIGINT,
                               OUT refunded_minor BIGINT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  patient UUID;
BEGIN
  INSERT INTO payment_ledger (booking_id, kind, amount_minor, currency, method,
                              external_reference, status, provider_event_id, recorded_by)
  VALUES (p_booking, p_kind, p_amount_minor, p_currency, p_method, p_external_reference,
          coalesce(p_status, 'succeeded'), p_provider_event_id, p_actor)
  ON CONFLICT (provider_event_id) DO NOTHING
  RETURNING * INTO entry;
  replayed := entry.id IS NULL;
  IF replayed THEN
    SELECT * INTO entry FROM payment_ledger WHERE provider_event_id = p_provider_event_id;
  END IF;
  SELECT b.patient_profile_id, b.payment_status, b.paid_minor, b.refunded_minor
  INTO patient, payment_status, paid_minor, refunded_minor
  FROM bookings b WHERE b.id = entry.booking_id;
  IF NOT replayed THEN
    PERFORM care_audit(p_actor, p_actor_role, 'create', 'payment_ledger', entry.id, patient,
                       p_request_id, p_ip);
    PERFORM record_journey_event(patient, 'booking',
      CASE WHEN p_kind = 'refund' THEN 'refund_recorded' ELSE 'payment_recorded' END, p_actor,
      jsonb_build_object('booking_id', p_booking, 'payment_id', entry.id, 'kind', p_kind,
                         'amount_minor', p_amount_minor, 'currency', p_currency,
                         'status', entry.status, 'payment_status', payment_status));
  END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Cancellation policies and the refund they make due.
-- ---------------------------------------------------------------------------

-- cancellation_policy_tiers: a cancellation at least min_days_before whole
-- days before the procedure date (in the clinic's zone) gets refund_percent
-- of what was paid; the tier with the largest min_days_before that applies
-- wins. Rows with provider_id NULL are the platform default, used by every
-- provider that has no tiers of its own.
CREATE TABLE cancellation_policy_tiers (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id UUID REFERENCES providers (id) ON DELETE CASCADE,
  min_days_before INTEGER NOT NULL CHECK (min_days_before >= 0),
  refund_percent INTEGER NOT NULL CHECK (refund_percent BETWEEN 0 AND 100),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT cancellation_policy_tiers_provider_days_key
    UNIQUE NULLS NOT DISTINCT (provider_id, min_days_before)
);

-- The default: full refund more than 30 days ahead, half from 7 to 30 days,
-- none under 7.
INSERT INTO cancellation_policy_tiers (provider_id, min_days_before, refund_percent) VALUES
  (NULL, 31, 100), (NULL, 7, 50), (NULL, 0, 0);

-- The percent refunded for a cancellation p_days_before days ahead (0 when
-- no tier applies, e.g. after the procedure date).
CREATE FUNCTION cancellation_refund_percent(p_provider UUID, p_days_before INTEGER)
RETURNS INTEGER
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT t.refund_percent FROM cancellation_policy_tiers t
    WHERE t.provider_id IS NOT DISTINCT FROM (
            CASE WHEN EXISTS (SELECT 1 FROM cancellation_policy_tiers o
                              WHERE o.provider_id = p_provider)
                 THEN p_provider END)
      AND t.min_days_before <= p_days_before
    ORDER BY t.min_days_before DESC LIMIT 1), 0)
$$;

-- The refund due, in minor units, if booking p_booking is cancelled at p_at:
-- the policy's percent of what is still paid, rounded down. Days count whole
-- calendar days in the clinic's zone.
CREATE FUNCTION booking_refund_due(p_booking UUID, p_at TIMESTAMPTZ) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
  SELECT (b.paid_minor - b.refunded_minor) *
         cancellation_refund_percent(b.provider_id,
                                     b.procedure_date - timezone(b.timezone, p_at)::DATE) / 100
  FROM bookings b WHERE b.id = p_booking
$$;

-- Cancels a confirmed booking (its slot place is freed by the bookings
-- trigger) and returns the refund due under the provider's policy; the
-- refund itself is a later record_payment(kind 'refund'). Writes the audit
-- row and the 'booking_cancelled' journey event. Errors: 23P01
-- bookings_status_transition when the booking is not confirmed; no row when
-- the booking does not exist.
CREATE FUNCTION cancel_booking(p_booking UUID, p_actor UUID, p_actor_role TEXT,
                               p_request_id TEXT, p_ip INET,
                               OUT booking bookings, OUT refund_due_minor BIGINT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  UPDATE bookings SET status = 'cancelled' WHERE id = p_booking RETURNING * INTO booking;
  IF booking.id IS NULL THEN
    RETURN;
  END IF;
  refund_due_minor := booking_refund_due(p_booking, now());
  PERFORM care_audit(p_actor, p_actor_role, 'update', 'bookings', p_booking,
                     booking.patient_profile_id, p_request_id, p_ip, ARRAY['status']);
  PERFORM record_journey_event(booking.patient_profile_id, 'booking', 'booking_cancelled',
    p_actor, jsonb_build_object('booking_id', p_booking, 'refund_due_minor', refund_due_minor,
                                'currency', booking.currency));
END
$$;

-- ---------------------------------------------------------------------------
-- Idempotency keys (Idempotency-Key header on POSTs that create bookings,
-- payments and refunds).
-- ---------------------------------------------------------------------------

-- One row per (caller, key), kept 24 hours. request_hash is the caller's
-- hash of method, path and body; response_* hold the first answer once the
-- act completed. Sensitivity: moderate (response bodies may name bookings).
CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL CHECK (char_length(caller) BETWEEN 1 AND 200),
  key TEXT NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  request_hash TEXT NOT NULL CHECK (char_length(request_hash) BETWEEN 1 AND 200),
  response_status INTEGER CHECK (response_status BETWEEN 100 AND 599),
  response_body JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  completed_at TIMESTAMPTZ,
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- Claims (p_caller, p_key) for a request whose body hashes to p_hash.
-- Call it FIRST in the transaction that performs the act, then
-- complete_idempotency_key() before committing. outcome:
--   'claimed'     this transaction acts (a key older than 24 h counts as new);
--   'replay'      the act is done: answer response_status/response_body;
--   'mismatch'    the key was used with another body: refuse (422);
--   'in_progress' claimed but not completed by a transaction that committed
--                 without completing it (should not happen; answer 409).
-- Concurrent retries: the first claimer's row blocks the others' INSERT
-- until it commits (they then replay its answer) or rolls back (then one of
-- them claims), so the act happens once. Under REPEATABLE READ a waiter
-- cannot see the winner's row and gets 40001 (retry).
CREATE FUNCTION claim_idempotency_key(p_caller TEXT, p_key TEXT, p_hash TEXT,
                                      OUT outcome TEXT, OUT response_status INTEGER,
                                      OUT response_body JSONB)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  row_hash TEXT;
  done TIMESTAMPTZ;
BEGIN
  DELETE FROM idempotency_keys k
  WHERE k.caller = p_caller AND k.key = p_key AND k.created_at < now() - interval '24 hours';
  INSERT INTO idempotency_keys (caller, key, request_hash) VALUES (p_caller, p_key, p_hash)
  ON CONFLICT DO NOTHING;
  IF FOUND THEN
    outcome := 'claimed';
    RETURN;
  END IF;
  SELECT k.request_hash, k.response_status, k.response_body, k.completed_at
  INTO row_hash, response_status, response_body, done
  FROM idempotency_keys k WHERE k.caller = p_caller AND k.key = p_key;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'idempotency key claimed by a transaction this snapshot cannot see'
      USING ERRCODE = 'serialization_failure';
  END IF;
  outcome := CASE WHEN row_hash <> p_hash THEN 'mismatch'
                  WHEN done IS NULL THEN 'in_progress'
                  ELSE 'replay' END;
  IF outcome <> 'replay' THEN
    response_status := NULL;
    response_body := NULL;
  END IF;
END
$$;

-- Stores the first answer of a claimed key (same transaction as the claim).
CREATE FUNCTION complete_idempotency_key(p_caller TEXT, p_key TEXT, p_status INTEGER,
                                         p_body JSONB)
RETURNS VOID
LANGUAGE sql VOLATILE AS $$
  UPDATE idempotency_keys SET response_status = p_status, response_body = p_body,
                              completed_at = now()
  WHERE caller = p_caller AND key = p_key AND completed_at IS NULL
$$;

-- Removes keys past their 24 hours (the retention job); returns how many.
CREATE FUNCTION purge_idempotency_keys(p_older_than INTERVAL DEFAULT interval '24 hours')
RETURNS BIGINT
LANGUAGE sql VOLATILE AS $$
  WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < now() - p_older_than
                RETURNING 1)
  SELECT count(*) FROM gone
$$;
