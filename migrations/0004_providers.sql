-- Providers: clinics, hospitals and doctors, what they offer, and when.

-- providers: medical providers with location, contact, credentials and
-- aggregate rating.
-- Sensitivity: business/catalogue data (low; mostly public).
CREATE TABLE providers (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('clinic', 'hospital', 'doctor', 'dental_clinic')),
  specialty TEXT[],
  location JSONB NOT NULL,  -- address, coordinates, city, country
  contact_info JSONB NOT NULL,  -- phone, email, website
  credentials JSONB,  -- licences, certifications, accreditations
  languages_spoken TEXT[],
  rating DECIMAL(3,2),  -- average review rating
  review_count INTEGER DEFAULT 0,
  is_verified BOOLEAN DEFAULT FALSE,
  is_active BOOLEAN DEFAULT TRUE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX providers_type_idx ON providers (type);
CREATE INDEX providers_rating_idx ON providers (rating);
CREATE INDEX providers_specialty_idx ON providers USING GIN (specialty);
CREATE INDEX providers_languages_spoken_idx ON providers USING GIN (languages_spoken);

CREATE TRIGGER providers_set_updated_at
  BEFORE UPDATE ON providers
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- procedures: procedures a provider offers, with duration, recovery and price
-- range.
-- Sensitivity: business/catalogue data (low; mostly public).
CREATE TABLE procedures (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id UUID NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  name TEXT NOT NULL,  -- shown to patients
  category TEXT NOT NULL,  -- 'hair_transplant', 'dental', 'cosmetic', ...
  description TEXT,
  duration_hours INTEGER,
  recovery_time_days INTEGER,
  price_range JSONB,  -- min/max prices
  requirements JSONB,  -- medical requirements, age limits, ...
  is_active BOOLEAN DEFAULT TRUE,  -- visible and bookable
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX procedures_provider_id_idx ON procedures (provider_id);
CREATE INDEX procedures_category_idx ON procedures (category);

CREATE TRIGGER procedures_set_updated_at
  BEFORE UPDATE ON procedures
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- provider_availability: bookable time slots of a provider (optionally for one
-- procedure) with capacity counters.
-- Sensitivity: business/operational data (low).
CREATE TABLE provider_availability (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id UUID NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  procedure_id UUID REFERENCES procedures(id) ON DELETE CASCADE,
  date DATE NOT NULL,
  start_time TIME NOT NULL,
  end_time TIME NOT NULL,
  is_available BOOLEAN DEFAULT TRUE,
  max_bookings INTEGER DEFAULT 1,
  current_bookings INTEGER DEFAULT 0,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

-- (provider_id, date) also serves the provider_id FK.
CREATE INDEX provider_availability_provider_id_date_idx
  ON provider_availability (provider_id, date);
CREATE INDEX provider_availability_procedure_id_idx ON provider_availability (procedure_id);

CREATE TRIGGER provider_availability_set_updated_at
  BEFORE UPDATE ON provider_availability
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
