-- Care journey, part 3 (issue 11): travel around a booking, procedure
-- outcomes, aftercare protocols and schedules, verified reviews with the
-- provider's rating, and the row scopes of the care tables.

-- ---------------------------------------------------------------------------
-- Travel: structured flights, hotel stays, transfers and companions next to
-- the vision's travel_arrangements (whose JSONB columns stay as they are).
-- Sensitivity: identity PII (moderate; whereabouts and companions).
-- ---------------------------------------------------------------------------

-- visa_status: where visa assistance stands (the vision's visa_assistance
-- says only whether it was asked for).
ALTER TABLE travel_arrangements
  ADD COLUMN visa_status TEXT NOT NULL DEFAULT 'not_needed'
    CONSTRAINT travel_arrangements_visa_status_check
    CHECK (visa_status IN ('not_needed', 'needed', 'applied', 'approved', 'refused'));

-- travel_flights: one leg each. direction 'inbound' reaches the clinic's
-- city, 'outbound' leaves it. Times are instants with the IANA zone of the
-- airport they happen at (local time = timezone(zone, instant)).
CREATE TABLE travel_flights (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  travel_arrangement_id UUID NOT NULL REFERENCES travel_arrangements (id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'connection')),
  flight_number TEXT NOT NULL CHECK (flight_number ~ '^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$'),
  departure_airport TEXT NOT NULL CHECK (departure_airport ~ '^[A-Z]{3}$'),
  arrival_airport TEXT NOT NULL CHECK (arrival_airport ~ '^[A-Z]{3}$'),
  departs_at TIMESTAMPTZ NOT NULL,
  departure_timezone TEXT NOT NULL CHECK (is_iana_zone(departure_timezone)),
  arrives_at TIMESTAMPTZ NOT NULL,
  arrival_timezone TEXT NOT NULL CHECK (is_iana_zone(arrival_timezone)),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  CHECK (arrives_at > departs_at),
  CHECK (departure_airport <> arrival_airport)
);
CREATE INDEX travel_flights_travel_arrangement_id_idx
  ON travel_flights (travel_arrangement_id, departs_at);
CREATE TRIGGER travel_flights_set_updated_at BEFORE UPDATE ON travel_flights
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- travel_hotel_stays: check-in and check-out are local dates at the hotel.
CREATE TABLE travel_hotel_stays (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  travel_arrangement_id UUID NOT NULL REFERENCES travel_arrangements (id) ON DELETE CASCADE,
  hotel_name TEXT NOT NULL CHECK (char_length(hotel_name) BETWEEN 1 AND 200),
  address TEXT NOT NULL CHECK (char_length(address) BETWEEN 1 AND 500),
  check_in DATE NOT NULL,
  check_out DATE NOT NULL,
  timezone TEXT NOT NULL DEFAULT 'Europe/Istanbul' CHECK (is_iana_zone(timezone)),
  confirmation_number TEXT CHECK (char_length(confirmation_number) <= 100),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  CHECK (check_out > check_in)
);
CREATE INDEX travel_hotel_stays_travel_arrangement_id_idx
  ON travel_hotel_stays (travel_arrangement_id, check_in);
CREATE TRIGGER travel_hotel_stays_set_updated_at BEFORE UPDATE ON travel_hotel_stays
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- travel_transfers: airport, hotel and clinic rides.
CREATE TABLE travel_transfers (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  travel_arrangement_id UUID NOT NULL REFERENCES travel_arrangements (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('airport_to_hotel', 'hotel_to_clinic', 'clinic_to_hotel',
                                     'hotel_to_airport', 'other')),
  pickup_at TIMESTAMPTZ NOT NULL,
  timezone TEXT NOT NULL DEFAULT 'Europe/Istanbul' CHECK (is_iana_zone(timezone)),
  pickup_place TEXT NOT NULL CHECK (char_length(pickup_place) BETWEEN 1 AND 300),
  dropoff_place TEXT NOT NULL CHECK (char_length(dropoff_place) BETWEEN 1 AND 300),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX travel_transfers_travel_arrangement_id_idx
  ON travel_transfers (travel_arrangement_id, pickup_at);
CREATE TRIGGER travel_transfers_set_updated_at BEFORE UPDATE ON travel_transfers
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- travel_companions: who travels with the patient.
CREATE TABLE travel_companions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  travel_arrangement_id UUID NOT NULL REFERENCES travel_arrangements (id) ON DELETE CASCADE,
  full_name TEXT NOT NULL CHECK (char_length(full_name) BETWEEN 1 AND 200),
  relationship TEXT CHECK (char_length(relationship) <= 100),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX travel_companions_travel_arrangement_id_idx
  ON travel_companions (travel_arrangement_id);
CREATE TRIGGER travel_companions_set_updated_at BEFORE UPDATE ON travel_companions
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The problems of a trip against its booking, as rule names (empty = fine):
--   'no_inbound_flight'            no live inbound leg;
--   'arrival_after_procedure'      the last inbound leg lands after the start;
--   'no_outbound_flight'           no live outbound leg;
--   'departure_before_recovery'    the first outbound leg leaves before the
--                                  procedure start + recovery_time_days;
--   'hotel_gap'                    hotel stays exist but none covers the
--                                  procedure's local date.
CREATE FUNCTION check_travel(p_travel UUID) RETURNS TEXT[]
LANGUAGE sql STABLE AS $$
  WITH t AS (
    SELECT b.starts_at, b.procedure_date,
           b.starts_at + make_interval(days => coalesce(pr.recovery_time_days, 0)) AS recovered_at,
           (SELECT max(f.arrives_at) FROM travel_flights f
            WHERE f.travel_arrangement_id = ta.id AND f.direction = 'inbound' AND NOT f.deleted)
             AS arrives,
           (SELECT min(f.departs_at) FROM travel_flights f
            WHERE f.travel_arrangement_id = ta.id AND f.direction = 'outbound' AND NOT f.deleted)
             AS departs,
           EXISTS (SELECT 1 FROM travel_hotel_stays h
                   WHERE h.travel_arrangement_id = ta.id AND NOT h.deleted) AS has_hotel,
           EXISTS (SELECT 1 FROM travel_hotel_stays h
                   WHERE h.travel_arrangement_id = ta.id AND NOT h.deleted
                     AND b.procedure_date >= h.check_in AND b.procedure_date < h.check_out)
             AS hotel_covers
    FROM travel_arrangements ta
    JOIN bookings b ON b.id = ta.booking_id
    JOIN procedures pr ON pr.id = b.procedure_id
    WHERE ta.id = p_travel
  )
  SELECT array_remove(ARRAY[
    CASE WHEN arrives IS NULL THEN 'no_inbound_flight' END,
    CASE WHEN arrives > starts_at THEN 'arrival_after_procedure' END,
    CASE WHEN departs IS NULL THEN 'no_outbound_flight' END,
    CASE WHEN departs < recovered_at THEN 'departure_before_recovery' END,
    CASE WHEN has_hotel AND NOT hotel_covers THEN 'hotel_gap' END], NULL)
  FROM t
$$;

-- ---------------------------------------------------------------------------
-- Procedure outcomes.
-- ---------------------------------------------------------------------------

-- procedure_notes, complications, doctor_notes and patient_feedback hold e1
-- envelopes sealed with the patient's key (docs/encryption.md); photos holds
-- stored_files ids of the booking's patient (photos_of_patient()). The coded
-- columns stay queryable: success, has_complications (what the escalation
-- job looks at, since the text is sealed) and follow_up_needed.
ALTER TABLE procedure_outcomes
  ADD COLUMN success BOOLEAN,
  ADD COLUMN has_complications BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN follow_up_needed BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN recorded_by UUID,  -- no foreign key, as for journey events
  ADD COLUMN escalated_at TIMESTAMPTZ;  -- set once by the escalation job's claim

-- One live outcome per booking.
CREATE UNIQUE INDEX procedure_outcomes_booking_live_key
  ON procedure_outcomes (booking_id) WHERE deleted IS NOT TRUE;
CREATE INDEX procedure_outcomes_escalation_idx ON procedure_outcomes (created_at)
  WHERE has_complications AND escalated_at IS NULL AND deleted IS NOT TRUE;

-- True iff every element of p_photos is the id (as a JSON string) of a live
-- stored file of patient p_patient (an empty array is true).
CREATE FUNCTION photos_of_patient(p_patient UUID, p_photos JSONB) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT jsonb_typeof(p_photos) = 'array' AND NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(p_photos) e
    WHERE jsonb_typeof(e) <> 'string'
       OR (e #>> '{}') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       OR NOT EXISTS (SELECT 1 FROM stored_files f
                      WHERE f.id = (e #>> '{}')::UUID AND f.patient_profile_id = p_patient
                        AND NOT f.deleted))
$$;

-- ---------------------------------------------------------------------------
-- Aftercare protocols and the follow-up schedule.
-- ---------------------------------------------------------------------------

-- aftercare_protocol_items: the follow-up template of a procedure category
-- (procedures.category), editable by medical staff. An item falls due
-- offset_months + offset_days after the procedure's local date, at
-- local_time in the patient's zone. Sensitivity: low (clinical policy).
CREATE TABLE aftercare_protocol_items (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  category TEXT NOT NULL CHECK (category ~ '^[a-z][a-z_]{1,60}$'),
  position INTEGER NOT NULL CHECK (position >= 1),
  label TEXT NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
  follow_up_type TEXT NOT NULL
    CHECK (follow_up_type IN ('check_in', 'photo_update', 'satisfaction_survey', 'review_request')),
  offset_months INTEGER NOT NULL DEFAULT 0 CHECK (offset_months BETWEEN 0 AND 120),
  offset_days INTEGER NOT NULL DEFAULT 0 CHECK (offset_days BETWEEN 0 AND 3650),
  local_time TIME NOT NULL DEFAULT '10:00',
  photos_required BOOLEAN NOT NULL DEFAULT FALSE,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  updated_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (category, position)
);
CREATE INDEX aftercare_protocol_items_updated_by_idx ON aftercare_protocol_items (updated_by);
CREATE TRIGGER aftercare_protocol_items_set_updated_at BEFORE UPDATE ON aftercare_protocol_items
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

INSERT INTO aftercare_protocol_items
  (category, position, label, follow_up_type, offset_months, offset_days, photos_required)
VALUES
  ('hair_transplant', 1, 'Day 1: first wash check', 'check_in', 0, 1, FALSE),
  ('hair_transplant', 2, 'Day 10: scabs and redness', 'photo_update', 0, 10, TRUE),
  ('hair_transplant', 3, 'Month 1: shedding phase', 'photo_update', 1, 0, TRUE),
  ('hair_transplant', 4, 'Month 3: early growth', 'photo_update', 3, 0, TRUE),
  ('hair_transplant', 5, 'Month 6: density check', 'photo_update', 6, 0, TRUE),
  ('hair_transplant', 6, 'Month 12: final result', 'photo_update', 12, 0, TRUE),
  ('hair_transplant', 7, 'Month 12: how did we do?', 'satisfaction_survey', 12, 0, FALSE),
  ('dental', 1, 'Week 1: healing check', 'check_in', 0, 7, TRUE),
  ('dental', 2, 'Month 6: implant and veneer check', 'photo_update', 6, 0, TRUE),
  ('dental', 3, 'Month 6: how did we do?', 'satisfaction_survey', 6, 0, FALSE);

-- follow_up_care additions: protocol_item_id (the template item it came
-- from), due_at (the instant it falls due) with timezone (the patient's
-- zone it was computed in; scheduled_date stays the local date), whether
-- photos are asked for and which were sent (stored_files ids), and the
-- job's claimed-once marks. notes and patient_response hold e1 envelopes.
ALTER TABLE follow_up_care
  ADD COLUMN protocol_item_id UUID
    REFERENCES aftercare_protocol_items (id) ON DELETE SET NULL,
  ADD COLUMN due_at TIMESTAMPTZ,
  ADD COLUMN timezone TEXT
    CONSTRAINT follow_up_care_timezone_check CHECK (is_iana_zone(timezone)),
  ADD COLUMN photos_required BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN photos JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN reminder_sent_at TIMESTAMPTZ,
  ADD COLUMN overdue_at TIMESTAMPTZ,
  ADD COLUMN escalated_at TIMESTAMPTZ;

CREATE INDEX follow_up_care_protocol_item_id_idx ON follow_up_care (protocol_item_id);
-- A booking's schedule holds each protocol item once (schedule_aftercare is
-- idempotent).
CREATE UNIQUE INDEX follow_up_care_booking_item_key
  ON follow_up_care (booking_id, protocol_item_id) WHERE protocol_item_id IS NOT NULL;
-- The job's scan over open items by due time.
CREATE INDEX follow_up_care_due_idx ON follow_up_care (due_at)
  WHERE status IN ('scheduled', 'overdue') AND deleted IS NOT TRUE;

-- Creates the follow_up_care schedule of a completed booking from the
-- active protocol items of its procedure's category, each due at
-- (procedure local date + offset) + local_time in the patient's zone:
-- local wall time is kept across DST changes (09:00 stays 09:00).
-- Idempotent: items already scheduled are skipped. Returns the rows created
-- (each with its audit row; one 'aftercare_scheduled' journey event when
-- any). Errors: 23P01 follow_up_care_booking_completed when the booking is
-- not completed; no rows for an unknown booking.
CREATE FUNCTION schedule_aftercare(p_booking UUID, p_actor UUID, p_actor_role TEXT,
                                   p_request_id TEXT, p_ip INET)
RETURNS SETOF follow_up_care
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  b bookings;
  proc_category TEXT;
  zone TEXT;
  created INTEGER;
BEGIN
  SELECT * INTO b FROM bookings WHERE id = p_booking AND deleted IS NOT TRUE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF b.status <> 'completed' THEN
    RAISE EXCEPTION 'aftercare is scheduled for completed bookings only'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'follow_up_care_booking_completed';
  END IF;
  SELECT pr.category INTO proc_category FROM procedures pr WHERE pr.id = b.procedure_id;
  zone := patient_time_zone(b.patient_profile_id);
  RETURN QUERY
  WITH items AS (
    SELECT i.*, (b.procedure_date + make_interval(months => i.offset_months,
                                                  days => i.offset_days))::DATE AS local_day
    FROM aftercare_protocol_items i
    WHERE i.category = proc_category AND i.is_active
  ), made AS (
    INSERT INTO follow_up_care (booking_id, follow_up_type, scheduled_date, status,
                                protocol_item_id, due_at, timezone, photos_required)
    SELECT p_booking, items.follow_up_type, items.local_day, 'scheduled', items.id,
           timezone(zone, items.local_day + items.local_time), zone, items.photos_required
    FROM items ORDER BY items.position
    ON CONFLICT (booking_id, protocol_item_id) WHERE protocol_item_id IS NOT NULL DO NOTHING
    RETURNING *
  ), audit AS (
    INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                           subject_patient_profile_id, request_id, ip)
    SELECT p_actor, p_actor_role, 'create', 'follow_up_care', made.id::TEXT,
           b.patient_profile_id, p_request_id, p_ip
    FROM made
  )
  SELECT * FROM made ORDER BY made.due_at;
  GET DIAGNOSTICS created = ROW_COUNT;
  IF created > 0 THEN
    PERFORM record_journey_event(b.patient_profile_id, 'follow_up', 'aftercare_scheduled',
      p_actor, jsonb_build_object('booking_id', p_booking, 'items', created,
                                  'timezone', zone, 'category', proc_category));
  END IF;
END
$$;

-- The reminder job's claim: open items due within p_lead of p_now whose
-- reminder was not sent, marked sent in the same statement, so each
-- reminder is handed out once across runs and nodes (SKIP LOCKED).
CREATE FUNCTION claim_follow_up_reminders(p_now TIMESTAMPTZ, p_lead INTERVAL, p_limit INTEGER)
RETURNS SETOF follow_up_care
LANGUAGE sql VOLATILE AS $$
  UPDATE follow_up_care f SET reminder_sent_at = p_now
  WHERE f.id IN (
    SELECT id FROM follow_up_care
    WHERE status = 'scheduled' AND deleted IS NOT TRUE AND reminder_sent_at IS NULL
      AND due_at <= p_now + p_lead
    ORDER BY due_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
  RETURNING f.*
$$;

-- Marks open items overdue once p_now passes due_at; returns them.
CREATE FUNCTION mark_follow_ups_overdue(p_now TIMESTAMPTZ, p_limit INTEGER)
RETURNS SETOF follow_up_care
LANGUAGE sql VOLATILE AS $$
  UPDATE follow_up_care f SET status = 'overdue', overdue_at = p_now
  WHERE f.id IN (
    SELECT id FROM follow_up_care
    WHERE status = 'scheduled' AND deleted IS NOT TRUE AND due_at < p_now
    ORDER BY due_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
  RETURNING f.*
$$;

-- The escalation job's claim: items overdue by at least p_overdue_for,
-- escalated once.
CREATE FUNCTION claim_follow_up_escalations(p_now TIMESTAMPTZ, p_overdue_for INTERVAL,
                                            p_limit INTEGER)
RETURNS SETOF follow_up_care
LANGUAGE sql VOLATILE AS $$
  UPDATE follow_up_care f SET escalated_at = p_now
  WHERE f.id IN (
    SELECT id FROM follow_up_care
    WHERE status = 'overdue' AND deleted IS NOT TRUE AND escalated_at IS NULL
      AND due_at <= p_now - p_overdue_for
    ORDER BY due_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
  RETURNING f.*
$$;

-- The consultation reminder claim (p_kind '24h' or '1h'): confirmed,
-- scheduled consultations starting within the lead time, marked once.
CREATE FUNCTION claim_consultation_reminders(p_now TIMESTAMPTZ, p_kind TEXT, p_limit INTEGER)
RETURNS SETOF consultations
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF p_kind = '24h' THEN
    RETURN QUERY
    UPDATE consultations c SET reminder_24h_sent_at = p_now
    WHERE c.id IN (
      SELECT id FROM consultations
      WHERE status = 'scheduled' AND request_status = 'confirmed' AND deleted IS NOT TRUE
        AND reminder_24h_sent_at IS NULL AND scheduled_at > p_now
        AND scheduled_at <= p_now + interval '24 hours'
      ORDER BY scheduled_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING c.*;
  ELSIF p_kind = '1h' THEN
    RETURN QUERY
    UPDATE consultations c SET reminder_1h_sent_at = p_now
    WHERE c.id IN (
      SELECT id FROM consultations
      WHERE status = 'scheduled' AND request_status = 'confirmed' AND deleted IS NOT TRUE
        AND reminder_1h_sent_at IS NULL AND scheduled_at > p_now
        AND scheduled_at <= p_now + interval '1 hour'
      ORDER BY scheduled_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING c.*;
  ELSE
    RAISE EXCEPTION 'reminder kind must be 24h or 1h' USING ERRCODE = 'invalid_parameter_value';
  END IF;
END
$$;

-- The complication escalation claim: outcomes with complications not yet
-- escalated, marked once.
CREATE FUNCTION claim_outcome_escalations(p_now TIMESTAMPTZ, p_limit INTEGER)
RETURNS SETOF procedure_outcomes
LANGUAGE sql VOLATILE AS $$
  UPDATE procedure_outcomes o SET escalated_at = p_now
  WHERE o.id IN (
    SELECT id FROM procedure_outcomes
    WHERE has_complications AND escalated_at IS NULL AND deleted IS NOT TRUE
    ORDER BY created_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
  RETURNING o.*
$$;

-- ---------------------------------------------------------------------------
-- Reviews: verified only, once per booking, moderated, and the provider's
-- rating kept exact.
-- ---------------------------------------------------------------------------

-- moderation_status: reviews are published on creation and may be hidden
-- (with a reason) or published again under reviews.moderate. is_public
-- stays the vision's flag: whether the text is shown (the rating counts
-- either way).
ALTER TABLE reviews
  ADD COLUMN moderation_status TEXT NOT NULL DEFAULT 'published'
    CONSTRAINT reviews_moderation_status_check
    CHECK (moderation_status IN ('pending', 'published', 'hidden')),
  ADD COLUMN moderation_reason TEXT,
  ADD COLUMN moderated_by UUID,  -- no foreign key, as for journey events
  ADD COLUMN moderated_at TIMESTAMPTZ,
  ADD CONSTRAINT reviews_hidden_reason_check
    CHECK (moderation_status <> 'hidden'
           OR (moderation_reason IS NOT NULL AND char_length(moderation_reason) BETWEEN 3 AND 1000));

-- Once per booking (live reviews).
CREATE UNIQUE INDEX reviews_booking_live_key ON reviews (booking_id) WHERE deleted IS NOT TRUE;
-- Public list per provider, newest first.
CREATE INDEX reviews_public_idx ON reviews (provider_id, created_at DESC, id)
  WHERE moderation_status = 'published' AND is_public AND deleted IS NOT TRUE;

-- A review needs a completed booking of the same patient at the same
-- provider; such a review is verified. The BEFORE trigger marks it, the
-- AFTER trigger refuses an unverified one (23514 reviews_verified_booking):
-- after the CHECK constraints, so a bad rating is still reported as
-- reviews_rating_check.
CREATE FUNCTION reviews_mark_verified() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.is_verified := EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.id = NEW.booking_id AND b.status = 'completed' AND b.deleted IS NOT TRUE
      AND b.patient_profile_id = NEW.patient_profile_id AND b.provider_id = NEW.provider_id);
  RETURN NEW;
END
$$;

CREATE FUNCTION reviews_refuse_unverified() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a review needs a completed booking of this patient at this provider'
    USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_verified_booking';
END
$$;

CREATE TRIGGER reviews_mark_verified
  BEFORE INSERT OR UPDATE OF booking_id, patient_profile_id, provider_id, is_verified ON reviews
  FOR EACH ROW EXECUTE FUNCTION reviews_mark_verified();
CREATE TRIGGER reviews_refuse_unverified
  AFTER INSERT OR UPDATE OF booking_id, patient_profile_id, provider_id, is_verified ON reviews
  FOR EACH ROW WHEN (NEW.is_verified IS NOT TRUE)
  EXECUTE FUNCTION reviews_refuse_unverified();

-- Sets providers.rating = round(avg(rating), 2) and review_count over the
-- counted reviews (verified, published, not deleted) of the given
-- providers. Locks the provider rows first, in id order (FOR NO KEY UPDATE:
-- the lock the UPDATE takes anyway, which does not conflict with the key
-- share lock the review's own foreign key holds): writers of one provider
-- queue there, and the recount that follows (a new statement, so a
-- new snapshot under READ COMMITTED) sees every review committed before the
-- lock was granted — the figures cannot drift under concurrency. Rows whose
-- figures already match are not written.
CREATE FUNCTION refresh_provider_rating(p_providers UUID[]) RETURNS VOID
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM providers WHERE id = ANY (p_providers) ORDER BY id FOR NO KEY UPDATE;
  UPDATE providers p SET rating = s.rating, review_count = s.n
  FROM (
    SELECT pid, round(avg(r.rating), 2) AS rating, count(r.id)::INTEGER AS n
    FROM unnest(p_providers) AS pid
    LEFT JOIN reviews r ON r.provider_id = pid AND r.is_verified
      AND r.moderation_status = 'published' AND r.deleted IS NOT TRUE
    GROUP BY pid) s
  WHERE p.id = s.pid
    AND (p.rating IS DISTINCT FROM s.rating OR p.review_count IS DISTINCT FROM s.n);
END
$$;

-- Statement-level, over the transition tables: one recount per statement
-- and provider, however many rows (a seed's COPY recounts once).
CREATE FUNCTION reviews_refresh_rating() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids UUID[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT provider_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT provider_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT provider_id) INTO ids
    FROM (SELECT provider_id FROM new_rows UNION SELECT provider_id FROM old_rows) s;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM refresh_provider_rating(ids);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER reviews_refresh_rating_insert AFTER INSERT ON reviews
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reviews_refresh_rating();
CREATE TRIGGER reviews_refresh_rating_update AFTER UPDATE ON reviews
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reviews_refresh_rating();
CREATE TRIGGER reviews_refresh_rating_delete AFTER DELETE ON reviews
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reviews_refresh_rating();

-- ---------------------------------------------------------------------------
-- Row scopes of the care tables (the style of 0010's patient_visible()).
-- ---------------------------------------------------------------------------

-- May this caller see a care row of patient p_patient at provider
-- p_provider? Like patient_visible(), except that provider staff see only
-- the rows of THEIR providers (not every row of a patient they share).
CREATE FUNCTION care_row_visible(p_provider UUID, p_patient UUID, p_viewer UUID,
                                 p_scopes TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  WITH s AS (SELECT string_to_array(p_scopes, ',') AS set)
  SELECT
    'all' = ANY (s.set)
    OR ('own' = ANY (s.set) AND EXISTS (
      SELECT 1 FROM patient_profiles pp WHERE pp.id = p_patient AND pp.user_id = p_viewer))
    OR ('provider' = ANY (s.set) AND EXISTS (
      SELECT 1 FROM provider_members m
      WHERE m.user_id = p_viewer AND m.provider_id = p_provider))
    OR ('assigned' = ANY (s.set) AND EXISTS (
      SELECT 1 FROM care_assignments a
      WHERE a.staff_user_id = p_viewer AND a.patient_profile_id = p_patient
        AND a.ended_at IS NULL))
    OR EXISTS (
      SELECT 1 FROM break_glass_grants g
      WHERE g.user_id = p_viewer AND g.patient_profile_id = p_patient AND g.expires_at > now())
  FROM s
$$;

-- Scope of a consultation and of the quotes under it.
CREATE FUNCTION consultation_visible(p_consultation UUID, p_viewer UUID, p_scopes TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT care_row_visible(c.provider_id, c.patient_profile_id, p_viewer, p_scopes)
    FROM consultations c WHERE c.id = p_consultation), FALSE)
$$;

-- Scope of a booking and of everything under it: payment_ledger,
-- travel_arrangements (and their flights, stays, transfers, companions),
-- procedure_outcomes, follow_up_care, and the booking's review.
CREATE FUNCTION booking_visible(p_booking UUID, p_viewer UUID, p_scopes TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT care_row_visible(b.provider_id, b.patient_profile_id, p_viewer, p_scopes)
    FROM bookings b WHERE b.id = p_booking), FALSE)
$$;

-- Scope of a travel arrangement's child rows.
CREATE FUNCTION travel_visible(p_travel UUID, p_viewer UUID, p_scopes TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT booking_visible(t.booking_id, p_viewer, p_scopes)
    FROM travel_arrangements t WHERE t.id = p_travel), FALSE)
$$;
