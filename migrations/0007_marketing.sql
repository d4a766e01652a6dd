-- Marketing: campaigns, the leads they bring, and the patient journey.

-- marketing_campaigns: campaigns (email, social, ads, referral) with audience,
-- budget and dates.
-- Sensitivity: internal business data (low).
CREATE TABLE marketing_campaigns (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  type TEXT NOT NULL
    CHECK (type IN ('email', 'social_media', 'google_ads', 'facebook_ads', 'referral')),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'completed')),
  target_audience JSONB,  -- demographics, interests, ...
  budget DECIMAL(10,2),
  currency TEXT DEFAULT 'USD',
  start_date DATE,
  end_date DATE,
  created_by UUID REFERENCES users(id),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX marketing_campaigns_created_by_idx ON marketing_campaigns (created_by);
CREATE INDEX marketing_campaigns_type_idx ON marketing_campaigns (type);
CREATE INDEX marketing_campaigns_status_idx ON marketing_campaigns (status);

CREATE TRIGGER marketing_campaigns_set_updated_at
  BEFORE UPDATE ON marketing_campaigns
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- leads: prospects in the sales funnel with attribution, scoring, owner and
-- enrichment fields; linked to a user once identified.
-- Sensitivity: sales (lower; sales access).
CREATE TABLE leads (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES users(id) ON DELETE SET NULL,
  email TEXT,
  phone TEXT,
  first_name TEXT,
  last_name TEXT,
  source TEXT NOT NULL,  -- 'website', 'google_ads', 'facebook', 'referral', ...
  campaign_id UUID REFERENCES marketing_campaigns(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'contacted', 'qualified', 'converted', 'lost')),
  lead_score INTEGER DEFAULT 0,  -- 0-100
  assigned_to UUID REFERENCES users(id),  -- sales rep
  notes TEXT,
  -- Enrichment.
  last_interaction_at TIMESTAMP WITH TIME ZONE,
  company TEXT,
  job_title TEXT,
  country TEXT,
  city TEXT,
  age_group TEXT,  -- '18-24', '25-34', '35-44', ...
  income_group TEXT,  -- 'low', 'medium', 'high'
  timezone TEXT,
  deal_value DECIMAL(10,2),
  work_email TEXT,
  employment_history JSONB DEFAULT '[]',  -- positions/companies
  linkedin_url TEXT,
  reddit_handle TEXT,
  x_handle TEXT,  -- formerly Twitter
  facebook_profile TEXT,
  tiktok_profile TEXT,
  instagram_profile TEXT,
  lead_summary TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

CREATE INDEX leads_user_id_idx ON leads (user_id);
CREATE INDEX leads_campaign_id_idx ON leads (campaign_id);
CREATE INDEX leads_assigned_to_idx ON leads (assigned_to);
CREATE INDEX leads_email_idx ON leads (email);
CREATE INDEX leads_phone_idx ON leads (phone);
CREATE INDEX leads_source_idx ON leads (source);
CREATE INDEX leads_status_idx ON leads (status);
CREATE INDEX leads_lead_score_idx ON leads (lead_score);
CREATE INDEX leads_created_at_idx ON leads (created_at);

CREATE TRIGGER leads_set_updated_at
  BEFORE UPDATE ON leads
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- patient_journey_events: timeline of a patient's touchpoints (visits,
-- consultations scheduled, bookings made, ...). Append-only (no updated_at).
-- Sensitivity: high (GDPR/HIPAA; tied to a patient profile).
CREATE TABLE patient_journey_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles(id) ON DELETE CASCADE,
  event_type TEXT NOT NULL,  -- 'website_visit', 'consultation_scheduled', 'booking_made', ...
  event_data JSONB,
  source TEXT,  -- where the event originated
  session_id TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE
);

-- (patient_profile_id, created_at) also serves the patient_profile_id FK.
CREATE INDEX patient_journey_events_patient_profile_id_created_at_idx
  ON patient_journey_events (patient_profile_id, created_at);
CREATE INDEX patient_journey_events_event_type_idx ON patient_journey_events (event_type);
CREATE INDEX patient_journey_events_created_at_idx ON patient_journey_events (created_at);
