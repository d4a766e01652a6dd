-- Patients: the clinical persona of a user and their medical background.

-- patient_profiles: medical-tourism intake of a patient (condition,
-- interests, budget, travel, emergency contact, insurance), 1:1 with users.
-- Sensitivity: high (GDPR/HIPAA).
CREATE TABLE patient_profiles (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  patient_id TEXT UNIQUE NOT NULL,  -- human-readable, e.g. 'PAT-2024-001'
  medical_condition TEXT NOT NULL,  -- primary condition (hair loss, dental, ...)
  procedure_interest TEXT[],
  budget_range TEXT,  -- '$5k-10k', '$10k-20k', ...
  preferred_timeline TEXT,  -- 'immediate', '1-3_months', '3-6_months', ...
  travel_preferences JSONB,
  emergency_contact JSONB,  -- name, phone, relationship
  insurance_info JSONB,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE,
  UNIQUE (user_id)
);

-- user_id (FK) is served by patient_profiles_user_id_key.

CREATE TRIGGER patient_profiles_set_updated_at
  BEFORE UPDATE ON patient_profiles
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- medical_histories: medications, allergies, conditions, surgeries, family
-- history and lifestyle of a patient, 1:1 with patient_profiles.
-- Sensitivity: high (GDPR/HIPAA).
CREATE TABLE medical_histories (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles(id) ON DELETE CASCADE,
  current_medications JSONB DEFAULT '[]',
  allergies JSONB DEFAULT '[]',
  chronic_conditions JSONB DEFAULT '[]',
  previous_surgeries JSONB DEFAULT '[]',
  family_medical_history JSONB DEFAULT '[]',
  lifestyle_factors JSONB DEFAULT '{}',  -- smoking, exercise, diet, ...
  additional_notes TEXT,
  last_updated_by TEXT,  -- 'patient', 'doctor', 'system'
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE,
  UNIQUE (patient_profile_id)
);

-- patient_profile_id (FK) is served by medical_histories_patient_profile_id_key.

CREATE TRIGGER medical_histories_set_updated_at
  BEFORE UPDATE ON medical_histories
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- hair_loss_profiles: hair-loss assessment of a hair-transplant patient
-- (type, Norwood/Ludwig scale, donor area, photos), 1:1 with patient_profiles.
-- Sensitivity: high (GDPR/HIPAA).
CREATE TABLE hair_loss_profiles (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles(id) ON DELETE CASCADE,
  hair_loss_type TEXT,  -- 'male_pattern', 'female_pattern', 'alopecia', ...
  norwood_scale INTEGER,  -- 1-7, male pattern baldness
  ludwig_scale INTEGER,  -- 1-3, female pattern baldness
  hair_loss_duration TEXT,  -- 'less_than_1_year', '1_2_years', ...
  previous_treatments JSONB DEFAULT '[]',
  donor_area_quality TEXT,  -- 'excellent', 'good', 'fair', 'poor'
  expectations TEXT,
  photos JSONB DEFAULT '[]',  -- photo URLs
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE,
  UNIQUE (patient_profile_id)
);

-- patient_profile_id (FK) is served by hair_loss_profiles_patient_profile_id_key.

CREATE TRIGGER hair_loss_profiles_set_updated_at
  BEFORE UPDATE ON hair_loss_profiles
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
