-- Post-procedure: outcomes, follow-up care and reviews.

-- procedure_outcomes: clinical result of a booked procedure (notes,
-- complications, before/after photos, satisfaction).
-- Sensitivity: high (GDPR/HIPAA).
CREATE TABLE procedure_outcomes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  procedure_notes TEXT,
  complications TEXT,
  photos JSONB DEFAULT '[]',  -- before/after photos
  doctor_notes TEXT,
  patient_feedback TEXT,
  satisfaction_rating INTEGER CHECK (satisfaction_rating >= 1 AND satisfaction_rating <= 5),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX procedure_outcomes_booking_id_idx ON procedure_outcomes (booking_id);

CREATE TRIGGER procedure_outcomes_set_updated_at
  BEFORE UPDATE ON procedure_outcomes
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- follow_up_care: scheduled after-care contacts for a booking (check-ins,
-- photo updates, surveys, review requests).
-- Sensitivity: high (GDPR/HIPAA).
CREATE TABLE follow_up_care (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id UUID NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  follow_up_type TEXT NOT NULL
    CHECK (follow_up_type IN ('check_in', 'photo_update', 'satisfaction_survey', 'review_request')),
  scheduled_date DATE,
  completed_date DATE,
  status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'completed', 'cancelled', 'overdue')),
  notes TEXT,
  patient_response TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX follow_up_care_booking_id_idx ON follow_up_care (booking_id);
CREATE INDEX follow_up_care_status_idx ON follow_up_care (status);
CREATE INDEX follow_up_care_scheduled_date_idx ON follow_up_care (scheduled_date);

CREATE TRIGGER follow_up_care_set_updated_at
  BEFORE UPDATE ON follow_up_care
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- reviews: a patient's rating and testimonial of a provider, optionally tied
-- to a booking; shown publicly only when is_public.
-- Sensitivity: high (GDPR/HIPAA; tied to a patient profile and procedure).
CREATE TABLE reviews (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles(id) ON DELETE CASCADE,
  provider_id UUID NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  booking_id UUID REFERENCES bookings(id) ON DELETE SET NULL,
  rating INTEGER NOT NULL CHECK (rating >= 1 AND rating <= 5),
  title TEXT,
  content TEXT NOT NULL,
  photos JSONB DEFAULT '[]',
  is_verified BOOLEAN DEFAULT FALSE,
  is_public BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX reviews_patient_profile_id_idx ON reviews (patient_profile_id);
CREATE INDEX reviews_provider_id_idx ON reviews (provider_id);
CREATE INDEX reviews_booking_id_idx ON reviews (booking_id);
CREATE INDEX reviews_created_at_idx ON reviews (created_at);

CREATE TRIGGER reviews_set_updated_at
  BEFORE UPDATE ON reviews
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
