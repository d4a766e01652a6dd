-- Care journey, part 1 (issue 11): time zones, journey events, consultation
-- requests and quotes, and bookings that hold a place on an availability slot.
-- The vision's columns and values are unchanged; what the workflows need
-- comes in new columns and tables. docs/care-journey-schema.md describes the
-- functions the routes call.
--
-- Business-rule refusals raise SQLSTATE 23P01 (the db layer maps it to
-- kConflict, 409) or 23514 (kInvalidInput), always with a constraint name
-- that names the rule, so a route maps them by name as it does real
-- constraints.

-- Exclusion constraints over (uuid =, range &&) need GiST operator classes
-- for scalar types. Trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- True iff p_zone is an IANA zone name PostgreSQL knows ('Europe/Istanbul',
-- 'America/Argentina/Salta', 'UTC'). Abbreviations ('EST') and POSIX
-- strings ('UTC+3') are refused: they carry no daylight-saving rules.
-- IMMUTABLE so it can back CHECK constraints; a tzdata update only ever adds
-- names.
CREATE FUNCTION is_iana_zone(p_zone TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  IF p_zone !~ '^(UTC|[A-Z][A-Za-z]+(/[A-Za-z0-9_+-]+){1,2})$' THEN
    RETURN FALSE;
  END IF;
  PERFORM timezone(p_zone, TIMESTAMP '2000-01-01 00:00');
  RETURN TRUE;
EXCEPTION WHEN data_exception THEN
  RETURN FALSE;
END
$$;

-- The zone a patient lives in (user_profiles.timezone), 'UTC' when unset or
-- not an IANA name.
CREATE FUNCTION patient_time_zone(p_patient UUID) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT up.timezone FROM patient_profiles pp
    JOIN user_profiles up ON up.user_id = pp.user_id
    WHERE pp.id = p_patient AND is_iana_zone(up.timezone)), 'UTC')
$$;

-- Minor units per major unit of an ISO 4217 currency (ISO 4217 exponents;
-- 2 for every currency not listed).
CREATE FUNCTION currency_exponent(p_currency TEXT) RETURNS INTEGER
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF',
                        'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 0
    WHEN p_currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 3
    ELSE 2
  END
$$;

-- An amount of the vision's DECIMAL(10,2) columns in minor units.
CREATE FUNCTION to_minor_units(p_amount NUMERIC, p_currency TEXT) RETURNS BIGINT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT round(p_amount * 10 ^ currency_exponent(p_currency))::BIGINT
$$;

-- One audit_log row (0009's conventions: names, never values). For the
-- functions below; single-statement routes write theirs in a CTE.
CREATE FUNCTION care_audit(p_actor UUID, p_role TEXT, p_action TEXT, p_table TEXT, p_row UUID,
                           p_patient UUID, p_request_id TEXT, p_ip INET,
                           p_columns TEXT[] DEFAULT NULL)
RETURNS VOID
LANGUAGE sql VOLATILE AS $$
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  VALUES (p_actor, p_role, p_action, p_table, p_row::TEXT, p_patient, p_request_id, p_ip,
          p_columns)
$$;

-- ---------------------------------------------------------------------------
-- Providers: the zone their schedule is written in.
-- ---------------------------------------------------------------------------

-- provider_availability dates and times, and bookings' procedure dates and
-- times, are wall-clock times of this zone.
ALTER TABLE providers
  ADD COLUMN timezone TEXT NOT NULL DEFAULT 'Europe/Istanbul'
    CONSTRAINT providers_timezone_check CHECK (is_iana_zone(timezone));

-- Belt and braces under book_slot and the bookings trigger: no write path
-- can leave a slot over capacity or below zero.
ALTER TABLE provider_availability
  ADD CONSTRAINT provider_availability_capacity_check
    CHECK (current_bookings >= 0 AND current_bookings <= max_bookings);

-- ---------------------------------------------------------------------------
-- Journey events: the timeline (issue 11, item 8).
-- ---------------------------------------------------------------------------

-- stage: the vision's journey phases. actor_user_id has no foreign key: the
-- timeline, like the audit trail, outlives the staff who acted. seq orders
-- events written within one transaction (they share now()).
ALTER TABLE patient_journey_events
  ADD COLUMN stage TEXT CONSTRAINT patient_journey_events_stage_check CHECK (stage IN (
    'discovery', 'research', 'consultation', 'booking', 'travel', 'procedure', 'recovery',
    'follow_up')),
  ADD COLUMN actor_user_id UUID,
  ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;

-- The timeline of one patient in order, and keyset paging over it.
CREATE INDEX patient_journey_events_timeline_idx
  ON patient_journey_events (patient_profile_id, created_at, seq);

-- Appends one event to a patient's timeline; returns its id. Call it in the
-- transaction of the step it records. clock_timestamp(), not now(), so the
-- events of one transaction keep their order in time too.
CREATE FUNCTION record_journey_event(p_patient UUID, p_stage TEXT, p_event_type TEXT,
                                     p_actor UUID, p_details JSONB,
                                     p_source TEXT DEFAULT 'api')
RETURNS UUID
LANGUAGE sql VOLATILE AS $$
  INSERT INTO patient_journey_events (patient_profile_id, stage, event_type, actor_user_id,
                                      event_data, source, created_at)
  VALUES (p_patient, p_stage, p_event_type, p_actor, coalesce(p_details, '{}'::jsonb), p_source,
          clock_timestamp())
  RETURNING id
$$;

-- ---------------------------------------------------------------------------
-- Consultations.
-- ---------------------------------------------------------------------------

-- request_status: a patient's request stays 'requested' (with the vision's
-- status 'scheduled' and scheduled_at = the proposed time) until the clinic
-- confirms or declines it; declining also cancels. Staff-made consultations
-- are 'confirmed' from the start (the default, which every older row has).
-- availability_id: the slot it was requested at, if any (consultations do
-- not take a booking place). timezone: where it happens (the clinic's zone
-- unless given). reminder_*_sent_at: set once by the reminder job's claim.
-- notes holds an e1 envelope sealed with the patient's key
-- (docs/encryption.md), like every encrypted TEXT column.
ALTER TABLE consultations
  ADD COLUMN request_status TEXT NOT NULL DEFAULT 'confirmed'
    CONSTRAINT consultations_request_status_check
    CHECK (request_status IN ('requested', 'confirmed', 'declined')),
  ADD COLUMN availability_id UUID REFERENCES provider_availability (id) ON DELETE SET NULL,
  ADD COLUMN timezone TEXT NOT NULL
    CONSTRAINT consultations_timezone_check CHECK (is_iana_zone(timezone)),
  ADD COLUMN reminder_24h_sent_at TIMESTAMPTZ,
  ADD COLUMN reminder_1h_sent_at TIMESTAMPTZ,
  ADD CONSTRAINT consultations_outcome_check
    CHECK (outcome IN ('qualified', 'not_qualified', 'needs_follow_up'));

CREATE INDEX consultations_availability_id_idx ON consultations (availability_id);
-- The reminder job's scan: confirmed, scheduled consultations by time.
CREATE INDEX consultations_reminder_due_idx ON consultations (scheduled_at)
  WHERE status = 'scheduled' AND request_status = 'confirmed' AND deleted IS NOT TRUE;

-- Fills what the writer left out: the zone from the provider, and for a
-- consultation at a slot its time (the slot's date and start in that zone).
-- A slot of another provider is refused (23514 consultations_slot_check).
CREATE FUNCTION consultations_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  slot provider_availability;
BEGIN
  IF NEW.timezone IS NULL THEN
    SELECT p.timezone INTO NEW.timezone FROM providers p WHERE p.id = NEW.provider_id;
  END IF;
  IF NEW.availability_id IS NOT NULL THEN
    SELECT * INTO slot FROM provider_availability WHERE id = NEW.availability_id;
    IF slot.provider_id IS DISTINCT FROM NEW.provider_id THEN
      RAISE EXCEPTION 'slot % is not a slot of this provider', NEW.availability_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'consultations_slot_check';
    END IF;
    IF NEW.scheduled_at IS NULL THEN
      NEW.scheduled_at := timezone(NEW.timezone, slot.date + slot.start_time);
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER consultations_fill BEFORE INSERT ON consultations
  FOR EACH ROW EXECUTE FUNCTION consultations_fill();

-- The vision's status machine: scheduled → completed | cancelled | no_show,
-- nothing out of a final state. A request still 'requested' can only be
-- cancelled (withdrawn); it is held, completed or missed once confirmed.
-- request_status: requested → confirmed | declined, and declining cancels.
CREATE FUNCTION consultations_guard_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.request_status IS DISTINCT FROM OLD.request_status THEN
    IF OLD.request_status <> 'requested' OR NEW.request_status = 'requested' THEN
      RAISE EXCEPTION 'consultation request cannot go from % to %',
        OLD.request_status, NEW.request_status
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'consultations_request_transition';
    END IF;
    IF NEW.request_status = 'declined' THEN
      NEW.status := 'cancelled';
    END IF;
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF OLD.status <> 'scheduled'
       OR (NEW.status IN ('completed', 'no_show') AND NEW.request_status <> 'confirmed') THEN
      RAISE EXCEPTION 'consultation cannot go from % to % (request %)',
        OLD.status, NEW.status, NEW.request_status
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'consultations_status_transition';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER consultations_guard_transition
  BEFORE UPDATE OF status, request_status ON consultations
  FOR EACH ROW EXECUTE FUNCTION consultations_guard_transition();

-- consultation_quotes: what a clinic offers after a consultation, versioned
-- per consultation (1, 2, …); the patient accepts at most one. Prices in
-- minor units of an ISO 4217 currency. Immutable once written, except for
-- the single acceptance. Sensitivity: high (reveals the procedure).
CREATE TABLE consultation_quotes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id UUID NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  procedure_id UUID NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  price_minor BIGINT NOT NULL CHECK (price_minor > 0),
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  hotel_nights INTEGER NOT NULL DEFAULT 0 CHECK (hotel_nights BETWEEN 0 AND 60),
  airport_transfers BOOLEAN NOT NULL DEFAULT FALSE,
  interpreter BOOLEAN NOT NULL DEFAULT FALSE,
  valid_until TIMESTAMPTZ NOT NULL,
  accepted_at TIMESTAMPTZ,
  created_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  UNIQUE (consultation_id, version),
  CHECK (valid_until > created_at),
  CHECK (accepted_at IS NULL OR accepted_at <= valid_until)
);
-- At most one accepted quote per consultation.
CREATE UNIQUE INDEX consultation_quotes_accepted_key
  ON consultation_quotes (consultation_id) WHERE accepted_at IS NOT NULL;
CREATE INDEX consultation_quotes_procedure_id_idx ON consultation_quotes (procedure_id);
CREATE INDEX consultation_quotes_created_by_idx ON consultation_quotes (created_by);

-- A quote's terms never change; only accepted_at may go from NULL to a time
-- (and deleted may be set). Accepting again, or after valid_until, is refused.
CREATE FUNCTION consultation_quotes_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'accepted_at' - 'deleted') IS DISTINCT FROM
     (to_jsonb(OLD) - 'accepted_at' - 'deleted') THEN
    RAISE EXCEPTION 'a quote cannot be changed; add a new version'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'consultation_quotes_immutable';
  END IF;
  IF NEW.accepted_at IS DISTINCT FROM OLD.accepted_at THEN
    IF OLD.accepted_at IS NOT NULL OR NEW.accepted_at > OLD.valid_until OR OLD.deleted THEN
      RAISE EXCEPTION 'quote already accepted, expired or withdrawn'
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'consultation_quotes_acceptance';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER consultation_quotes_guard BEFORE UPDATE ON consultation_quotes
  FOR EACH ROW EXECUTE FUNCTION consultation_quotes_guard();

-- ---------------------------------------------------------------------------
-- Bookings: slots, zones, the period they occupy, and the paid totals.
-- ---------------------------------------------------------------------------

-- availability_id: the slot whose place the booking holds (NULL for bookings
-- staff make outside the published slots). quote_id: the accepted quote it
-- came from. timezone: the clinic's zone (procedure_date and procedure_time
-- are its wall-clock time). starts_at/ends_at: the period the patient is
-- held, derived by a trigger (never written directly). paid_minor and
-- refunded_minor: succeeded payments and refunds from payment_ledger, kept
-- by 0019's trigger in the ledger's transaction. cancelled_at: when the
-- status became 'cancelled' (refund policy runs from the procedure date).
ALTER TABLE bookings
  ADD COLUMN availability_id UUID REFERENCES provider_availability (id) ON DELETE SET NULL,
  ADD COLUMN quote_id UUID REFERENCES consultation_quotes (id) ON DELETE SET NULL,
  ADD COLUMN timezone TEXT NOT NULL
    CONSTRAINT bookings_timezone_check CHECK (is_iana_zone(timezone)),
  ADD COLUMN starts_at TIMESTAMPTZ NOT NULL,
  ADD COLUMN ends_at TIMESTAMPTZ NOT NULL,
  ADD COLUMN paid_minor BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN refunded_minor BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN cancelled_at TIMESTAMPTZ,
  ADD CONSTRAINT bookings_period_check CHECK (ends_at > starts_at),
  ADD CONSTRAINT bookings_refunded_minor_check
    CHECK (refunded_minor >= 0 AND refunded_minor <= paid_minor);

CREATE INDEX bookings_availability_id_idx ON bookings (availability_id);
CREATE INDEX bookings_quote_id_idx ON bookings (quote_id);
-- One patient never holds two live bookings whose periods overlap. Enforced
-- by an exclusion constraint, so concurrent inserts are serialised by the
-- index itself (the second waits for the first, then fails with 23P01).
ALTER TABLE bookings ADD CONSTRAINT bookings_patient_overlap_excl
  EXCLUDE USING gist (patient_profile_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
  WHERE (status <> 'cancelled' AND deleted IS NOT TRUE);

-- The zone and the held period. A slot booking holds the patient until the
-- slot ends; any other booking for the procedure's duration_hours (1 h when
-- unknown). Timestamps come from wall-clock date + time in the clinic's zone,
-- so a booking on a DST-change day lands on the booked local time.
CREATE FUNCTION bookings_fill_period() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  slot_end TIME;
  hours INTEGER;
BEGIN
  IF NEW.timezone IS NULL THEN
    SELECT p.timezone INTO NEW.timezone FROM providers p WHERE p.id = NEW.provider_id;
  END IF;
  NEW.starts_at := timezone(NEW.timezone, NEW.procedure_date + NEW.procedure_time);
  IF NEW.availability_id IS NOT NULL THEN
    SELECT a.end_time INTO slot_end FROM provider_availability a WHERE a.id = NEW.availability_id;
  END IF;
  IF slot_end IS NOT NULL AND slot_end > NEW.procedure_time THEN
    NEW.ends_at := timezone(NEW.timezone, NEW.procedure_date + slot_end);
  ELSE
    SELECT pr.duration_hours INTO hours FROM procedures pr WHERE pr.id = NEW.procedure_id;
    NEW.ends_at := NEW.starts_at + make_interval(hours => greatest(coalesce(hours, 1), 1));
  END IF;
  IF NEW.status = 'cancelled' AND NEW.cancelled_at IS NULL THEN
    NEW.cancelled_at := CASE WHEN TG_OP = 'INSERT' THEN coalesce(NEW.updated_at, now())
                             ELSE now() END;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER bookings_fill_period
  BEFORE INSERT OR UPDATE OF procedure_date, procedure_time, timezone, availability_id,
    procedure_id, provider_id, status, starts_at, ends_at
  ON bookings FOR EACH ROW EXECUTE FUNCTION bookings_fill_period();

-- The vision's status machine: confirmed → completed | cancelled | no_show;
-- nothing leaves a final state.
CREATE FUNCTION bookings_guard_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status <> 'confirmed' THEN
    RAISE EXCEPTION 'booking cannot go from % to %', OLD.status, NEW.status
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'bookings_status_transition';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER bookings_guard_transition BEFORE UPDATE OF status ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_guard_transition();

-- Keeps provider_availability.current_bookings equal to the number of live
-- bookings (not cancelled, not deleted) on each slot, in the statement that
-- changes them. Taking a place is one conditional UPDATE: under concurrency
-- each writer waits for the slot's row lock and re-checks the condition on
-- the newest row version, so max_bookings is never passed; when the slot is
-- full, closed or deleted the statement fails with 23P01
-- bookings_slot_capacity. Giving a place back never fails.
CREATE FUNCTION bookings_count_slot_places() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_slot UUID;
  new_slot UUID;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status <> 'cancelled' AND OLD.deleted IS NOT TRUE THEN
    old_slot := OLD.availability_id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status <> 'cancelled' AND NEW.deleted IS NOT TRUE THEN
    new_slot := NEW.availability_id;
  END IF;
  IF old_slot IS NOT DISTINCT FROM new_slot THEN
    RETURN NULL;
  END IF;
  IF old_slot IS NOT NULL THEN
    UPDATE provider_availability SET current_bookings = current_bookings - 1
    WHERE id = old_slot AND current_bookings > 0;
  END IF;
  IF new_slot IS NOT NULL THEN
    UPDATE provider_availability SET current_bookings = current_bookings + 1
    WHERE id = new_slot AND current_bookings < max_bookings
      AND is_available IS NOT FALSE AND deleted IS NOT TRUE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'slot % is full or closed', new_slot
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'bookings_slot_capacity',
              DETAIL = new_slot::TEXT;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER bookings_count_slot_places
  AFTER INSERT OR DELETE OR UPDATE OF availability_id, status, deleted ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_count_slot_places();

-- Books a place on a slot for a patient: the route's one call for
-- POST /bookings with an availability slot. Locks the slot first (FOR NO
-- KEY UPDATE, compatible with the key share locks of foreign keys) and checks
-- its capacity, so a refused attempt consumes no BK- number; the insert's
-- trigger then takes the place. With p_quote, the quote must be accepted,
-- belong to this patient and procedure, and gives price and currency (and
-- the consultation); otherwise p_total_cost and p_currency are required.
-- Writes the audit row and the 'booking_created' journey event.
-- Errors: 23P01 bookings_slot_capacity (full, closed or unknown slot: DETAIL
-- is the slot id), 23514 bookings_slot_procedure_check (the slot is kept for
-- another procedure), 23P01 bookings_patient_overlap_excl, 23514
-- bookings_quote_check (quote not accepted / another patient's / another
-- procedure's), 23502 when neither quote nor price is given.
CREATE FUNCTION book_slot(p_availability UUID, p_patient UUID, p_procedure UUID,
                          p_total_cost NUMERIC, p_currency TEXT, p_quote UUID,
                          p_consultation UUID, p_special_instructions TEXT,
                          p_actor UUID, p_actor_role TEXT, p_request_id TEXT, p_ip INET)
RETURNS bookings
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  slot provider_availability;
  q consultation_quotes;
  quote_patient UUID;
  b bookings;
BEGIN
  SELECT * INTO slot FROM provider_availability WHERE id = p_availability FOR NO KEY UPDATE;
  IF NOT FOUND OR slot.current_bookings >= slot.max_bookings OR slot.is_available IS FALSE
     OR slot.deleted IS TRUE THEN
    RAISE EXCEPTION 'slot % is full or closed', p_availability
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'bookings_slot_capacity',
            DETAIL = p_availability::TEXT;
  END IF;
  IF slot.procedure_id IS NOT NULL AND slot.procedure_id <> p_procedure THEN
    RAISE EXCEPTION 'slot % is kept for another procedure', p_availability
      USING ERRCODE = 'check_violation', CONSTRAINT = 'bookings_slot_procedure_check',
            DETAIL = p_availability::TEXT;
  END IF;
  IF p_quote IS NOT NULL THEN
    SELECT * INTO q FROM consultation_quotes WHERE id = p_quote;
    SELECT c.patient_profile_id INTO quote_patient FROM consultations c
    WHERE c.id = q.consultation_id;
    IF q.id IS NULL OR q.accepted_at IS NULL OR q.deleted OR quote_patient <> p_patient
       OR q.procedure_id <> p_procedure THEN
      RAISE EXCEPTION 'quote % is not an accepted quote of this patient and procedure', p_quote
        USING ERRCODE = 'check_violation', CONSTRAINT = 'bookings_quote_check';
    END IF;
  END IF;
  INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id,
                        consultation_id, procedure_date, procedure_time, total_cost, currency,
                        special_instructions, availability_id, quote_id)
  VALUES (next_booking_reference(), p_patient, slot.provider_id, p_procedure,
          coalesce(p_consultation, q.consultation_id), slot.date, slot.start_time,
          coalesce(round(q.price_minor::NUMERIC / 10::NUMERIC ^ currency_exponent(q.currency), 2),
                   p_total_cost),
          coalesce(q.currency, p_currency, 'EUR'), p_special_instructions, p_availability,
          p_quote)
  RETURNING * INTO b;
  PERFORM care_audit(p_actor, p_actor_role, 'create', 'bookings', b.id, p_patient,
                     p_request_id, p_ip);
  PERFORM record_journey_event(p_patient, 'booking', 'booking_created', p_actor,
    jsonb_build_object('booking_id', b.id, 'booking_reference', b.booking_reference,
                       'availability_id', p_availability, 'starts_at', b.starts_at,
                       'timezone', b.timezone));
  RETURN b;
END
$$;
