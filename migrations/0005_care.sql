-- Care: consultations, confirmed bookings and the travel around them.

-- consultations: meetings (video, phone, in person) between a patient and a
-- provider before booking, with notes and outcome.
-- Sensitivity: high (GDPR/HIPAA; clinical notes).
CREATE TABLE consultations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles(id) ON DELETE CASCADE,
  provider_id UUID NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  procedure_id UUID REFERENCES procedures(id) ON DELETE SET NULL,
  consultation_type TEXT NOT NULL DEFAULT 'video'
    CHECK (consultation_type IN ('video', 'phone', 'in_person', 'zoom')),
  status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
  scheduled_at TIMESTAMP WITH TIME ZONE NOT NULL,
  duration_minutes INTEGER DEFAULT 30,
  meeting_url TEXT,
  meeting_id TEXT,
  notes TEXT,
  outcome TEXT,  -- 'qualified', 'not_qualified', 'needs_follow_up'
  follow_up_required BOOLEAN DEFAULT FALSE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX consultations_patient_profile_id_idx ON consultations (patient_profile_id);
CREATE INDEX consultations_provider_id_idx ON consultations (provider_id);
CREATE INDEX consultations_procedure_id_idx ON consultations (procedure_id);
CREATE INDEX consultations_status_idx ON consultations (status);
CREATE INDEX consultations_scheduled_at_idx ON consultations (scheduled_at);
CREATE INDEX consultations_created_at_idx ON consultations (created_at);

CREATE TRIGGER consultations_set_updated_at
  BEFORE UPDATE ON consultations
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- bookings: confirmed procedures of a patient with a provider, with date,
-- cost and payment state.
-- Sensitivity: high (GDPR/HIPAA; reveals the procedure a patient undergoes).
CREATE TABLE bookings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_reference TEXT UNIQUE NOT NULL,  -- human-readable, e.g. 'BK-2024-001'
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles(id) ON DELETE CASCADE,
  provider_id UUID NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  procedure_id UUID NOT NULL REFERENCES procedures(id) ON DELETE CASCADE,
  consultation_id UUID REFERENCES consultations(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'confirmed'
    CHECK (status IN ('confirmed', 'cancelled', 'completed', 'no_show')),
  procedure_date DATE NOT NULL,
  procedure_time TIME NOT NULL,
  total_cost DECIMAL(10,2) NOT NULL,
  currency TEXT NOT NULL DEFAULT 'EUR',
  payment_status TEXT NOT NULL DEFAULT 'pending'
    CHECK (payment_status IN ('pending', 'deposit', 'paid', 'refunded')),
  special_instructions TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX bookings_patient_profile_id_idx ON bookings (patient_profile_id);
CREATE INDEX bookings_provider_id_idx ON bookings (provider_id);
CREATE INDEX bookings_procedure_id_idx ON bookings (procedure_id);
CREATE INDEX bookings_consultation_id_idx ON bookings (consultation_id);
CREATE INDEX bookings_status_idx ON bookings (status);
CREATE INDEX bookings_payment_status_idx ON bookings (payment_status);
CREATE INDEX bookings_procedure_date_idx ON bookings (procedure_date);
CREATE INDEX bookings_created_at_idx ON bookings (created_at);

CREATE TRIGGER bookings_set_updated_at
  BEFORE UPDATE ON bookings
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- travel_arrangements: flights, accommodation, transfer, visa and insurance
-- arranged for a booking.
-- Sensitivity: identity PII (moderate; travel documents and whereabouts).
CREATE TABLE travel_arrangements (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  flight_info JSONB,  -- departure, arrival, airline, ...
  accommodation_info JSONB,  -- hotel, check-in/out dates
  airport_transfer BOOLEAN DEFAULT FALSE,
  visa_assistance BOOLEAN DEFAULT FALSE,
  travel_insurance BOOLEAN DEFAULT FALSE,
  total_cost DECIMAL(10,2),
  currency TEXT DEFAULT 'USD',
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX travel_arrangements_booking_id_idx ON travel_arrangements (booking_id);

CREATE TRIGGER travel_arrangements_set_updated_at
  BEFORE UPDATE ON travel_arrangements
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
