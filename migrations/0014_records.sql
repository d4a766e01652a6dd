-- Records API: human references from per-year sequences, and the permission
-- to restore soft-deleted records.

-- PAT-YYYY-NNNNNN and BK-YYYY-NNNNNN. One sequence per prefix and year,
-- created on first use: sequence numbers are never handed out twice, not even
-- by transactions that roll back (a rolled-back number leaves a gap, never a
-- duplicate). Numbers already taken (seeded or imported rows) are skipped;
-- sync_reference_sequences() moves the sequences past them in one go.
CREATE FUNCTION next_reference(p_prefix TEXT) RETURNS TEXT
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  y INT := extract(year FROM now() AT TIME ZONE 'UTC')::INT;
  seq TEXT;
  n BIGINT;
  candidate TEXT;
  taken BOOLEAN;
BEGIN
  IF p_prefix NOT IN ('PAT', 'BK') THEN
    RAISE EXCEPTION 'unknown reference prefix %', p_prefix USING ERRCODE = '22023';
  END IF;
  seq := lower(p_prefix) || '_reference_' || y;
  LOOP
    BEGIN
      n := nextval(seq::regclass);
    EXCEPTION WHEN undefined_table THEN
      BEGIN
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I MINVALUE 1', seq);
      EXCEPTION WHEN unique_violation OR duplicate_table THEN
        NULL;  -- a concurrent first use created it
      END;
      n := nextval(seq::regclass);
    END;
    candidate := p_prefix || '-' || y || '-' ||
                 CASE WHEN n < 1000000 THEN lpad(n::TEXT, 6, '0') ELSE n::TEXT END;
    IF p_prefix = 'PAT' THEN
      SELECT EXISTS (SELECT 1 FROM patient_profiles WHERE patient_id = candidate) INTO taken;
    ELSE
      SELECT EXISTS (SELECT 1 FROM bookings WHERE booking_reference = candidate) INTO taken;
    END IF;
    EXIT WHEN NOT taken;
  END LOOP;
  RETURN candidate;
END
$$;

CREATE FUNCTION next_patient_reference() RETURNS TEXT
LANGUAGE sql VOLATILE AS $$ SELECT next_reference('PAT') $$;

CREATE FUNCTION next_booking_reference() RETURNS TEXT
LANGUAGE sql VOLATILE AS $$ SELECT next_reference('BK') $$;

-- Moves every year's sequence past the highest number in use (after a seed
-- or an import wrote references itself).
CREATE FUNCTION sync_reference_sequences() RETURNS VOID
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  r RECORD;
  seq TEXT;
BEGIN
  FOR r IN
    SELECT 'PAT' AS prefix, substr(patient_id, 5, 4)::INT AS y,
           max(substr(patient_id, 10)::BIGINT) AS top
    FROM patient_profiles WHERE patient_id ~ '^PAT-[0-9]{4}-[0-9]{6,}$' GROUP BY 2
    UNION ALL
    SELECT 'BK', substr(booking_reference, 4, 4)::INT,
           max(substr(booking_reference, 9)::BIGINT)
    FROM bookings WHERE booking_reference ~ '^BK-[0-9]{4}-[0-9]{6,}$' GROUP BY 2
  LOOP
    seq := lower(r.prefix) || '_reference_' || r.y;
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I MINVALUE 1', seq);
    IF (SELECT coalesce(last_value, 0) FROM pg_sequences
        WHERE schemaname = current_schema() AND sequencename = seq) < r.top THEN
      PERFORM setval(seq::regclass, r.top);
    END IF;
  END LOOP;
END
$$;

INSERT INTO permissions (name, description, sensitivity) VALUES
  ('records.restore', 'Restore soft-deleted records', 'moderate');
INSERT INTO role_permissions (role, permission) VALUES ('admin', 'records.restore');
