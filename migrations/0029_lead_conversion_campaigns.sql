-- The funnel's far end (issue 13, items 5, 6 and 7): a lead converted into
-- a user and a patient profile, linked both ways, by staff on the patient's
-- behalf (with an invitation to claim the account) or by the person
-- registering with a verified email or phone that matches; campaigns with
-- a status machine, channels and daily spend; the attribution models the
-- campaign report reads. docs/architecture.md §1.3 tells the story.

-- ---------------------------------------------------------------------------
-- Conversion: the links, and converting from any open stage.
-- ---------------------------------------------------------------------------

-- patient_profile_id: the patient this lead became (the user is user_id);
-- converted_at: when. The patient side of the link is this column read the
-- other way (leads_patient_profile_id_idx): a patient's leads.
ALTER TABLE leads
  ADD COLUMN patient_profile_id UUID REFERENCES patient_profiles (id) ON DELETE SET NULL,
  ADD COLUMN converted_at TIMESTAMPTZ;
CREATE INDEX leads_patient_profile_id_idx ON leads (patient_profile_id);

-- The stage machine of 0024 with one more move: the conversion itself takes
-- a lead from any open stage to converted, and only the conversion (which
-- sets converted_at in the same update) may; POST /leads/{id}/stage still
-- walks the pipeline one step at a time.
CREATE OR REPLACE FUNCTION leads_sync_stage() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.stage = 'new' AND NEW.status IS NOT NULL AND NEW.status <> 'new' THEN
      NEW.stage := NEW.status;
    END IF;
  ELSIF NEW.stage IS NOT DISTINCT FROM OLD.stage AND NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.stage := NEW.status;  -- a writer of the vision's status alone
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.stage IS DISTINCT FROM OLD.stage THEN
    IF NOT lead_stage_allowed(OLD.stage, NEW.stage)
       AND NOT (NEW.stage = 'converted' AND OLD.converted_at IS NULL
                AND NEW.converted_at IS NOT NULL
                AND lead_is_open(OLD.stage, OLD.merged_into, OLD.deleted)) THEN
      RAISE EXCEPTION 'a lead cannot go from % to %', OLD.stage, NEW.stage
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'leads_stage_transition';
    END IF;
    IF NEW.stage = 'lost' AND NEW.lost_reason IS NULL THEN
      RAISE EXCEPTION 'losing a lead needs a reason'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'leads_lost_reason_required';
    END IF;
    NEW.stage_changed_at := now();
  END IF;
  NEW.status := CASE NEW.stage
    WHEN 'consultation_booked' THEN 'qualified'
    WHEN 'nurturing' THEN 'contacted'
    ELSE NEW.stage
  END;
  RETURN NEW;
END
$$;

-- Converts an open lead: links the user and the patient profile, stamps
-- converted_at, moves it to converted (with its stage_change activity),
-- audits the change and writes the steps onto the patient's journey: the
-- lead's capture (its time in the details: the lead's creation), the
-- account (for a self-registration), and the conversion. p_how: 'staff' (registered on the patient's
-- behalf) or 'self' (the person registered themselves). Returns FALSE,
-- changing nothing, when the lead is no longer open.
CREATE FUNCTION lead_convert(p_lead UUID, p_user UUID, p_patient UUID, p_how TEXT, p_actor UUID,
                             p_actor_role TEXT, p_request_id TEXT, p_ip INET)
RETURNS BOOLEAN
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  l leads;
  activity UUID;
BEGIN
  SELECT * INTO l FROM leads WHERE id = p_lead FOR UPDATE;
  IF l.id IS NULL OR NOT lead_is_open(l.stage, l.merged_into, l.deleted)
     OR l.converted_at IS NOT NULL THEN
    RETURN FALSE;
  END IF;
  UPDATE leads SET user_id = p_user, patient_profile_id = p_patient, converted_at = now(),
                   stage = 'converted', last_interaction_at = now()
  WHERE id = p_lead;
  INSERT INTO lead_activities (lead_id, kind, body, created_by)
  VALUES (p_lead, 'stage_change', l.stage || ' -> converted: ' ||
          CASE p_how WHEN 'staff' THEN 'registered by staff' ELSE 'registered themselves' END,
          p_actor)
  RETURNING id INTO activity;
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns, subject_patient_profile_id)
  VALUES (p_actor, p_actor_role, 'update', 'leads', p_lead::text, p_request_id, p_ip,
          ARRAY['user_id', 'patient_profile_id', 'converted_at', 'stage', 'status'], p_patient),
         (p_actor, p_actor_role, 'create', 'lead_activities', activity::text, p_request_id, p_ip,
          NULL, NULL);
  PERFORM record_journey_event(p_patient, 'discovery', 'lead_captured', NULL,
            jsonb_build_object('lead_id', p_lead, 'captured_at', l.created_at,
                               'source', l.source, 'campaign_id', l.campaign_id), 'marketing');
  -- Staff registration records the account's step itself (the patients
  -- domain, also without a lead); a person who registered themselves did so
  -- before their profile existed, so their step is written now.
  IF p_how = 'self' THEN
    PERFORM record_journey_event(p_patient, 'discovery', 'account_registered', p_user,
              jsonb_build_object('user_id', p_user, 'how', 'self'), 'marketing');
  END IF;
  PERFORM record_journey_event(p_patient, 'discovery', 'lead_converted', p_actor,
            jsonb_build_object('lead_id', p_lead, 'from_stage', l.stage, 'how', p_how),
            'marketing');
  RETURN TRUE;
END
$$;

-- The self-registration path: the open leads whose email or phone is one
-- the user has verified get the user linked; when the user has a patient
-- profile too, they are converted (by the person themselves). Called when a
-- user verifies an email or phone and when a patient profile is created,
-- so the order in which a person does those does not matter.
CREATE FUNCTION lead_link_user(p_user UUID) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  u users;
  patient UUID;
  lead UUID;
  n INTEGER := 0;
BEGIN
  SELECT * INTO u FROM users WHERE id = p_user;
  SELECT id INTO patient FROM patient_profiles
  WHERE user_id = p_user AND deleted IS NOT TRUE;
  FOR lead IN
    -- Three lookups, each on its own index (user_id, email, phone), rather
    -- than one OR that would scan every lead on each profile created.
    SELECT l.id FROM leads l
    WHERE l.id IN (SELECT m.id FROM leads m WHERE m.user_id = p_user
                   UNION ALL
                   SELECT m.id FROM leads m
                   WHERE u.email_verified AND m.email = lower(u.email) AND m.user_id IS NULL
                   UNION ALL
                   SELECT m.id FROM leads m
                   WHERE u.phone_verified AND m.phone = u.phone_number AND m.user_id IS NULL)
      AND lead_is_open(l.stage, l.merged_into, l.deleted)
    ORDER BY l.created_at, l.id
    FOR UPDATE OF l
  LOOP
    IF patient IS NULL THEN
      UPDATE leads SET user_id = p_user WHERE id = lead AND user_id IS NULL;
      IF FOUND THEN
        INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                               changed_columns)
        VALUES (p_user, 'self', 'update', 'leads', lead::text, ARRAY['user_id']);
      END IF;
    ELSE
      PERFORM lead_convert(lead, p_user, patient, 'self', p_user, 'self', NULL, NULL);
    END IF;
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

CREATE FUNCTION leads_link_on_verify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.email_verified AND NOT coalesce(OLD.email_verified, FALSE))
     OR (NEW.phone_verified AND NOT coalesce(OLD.phone_verified, FALSE)) THEN
    PERFORM lead_link_user(NEW.id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER leads_link_on_verify AFTER UPDATE OF email_verified, phone_verified ON users
  FOR EACH ROW EXECUTE FUNCTION leads_link_on_verify();

-- A profile created by its patient converts the leads linked to them; the
-- staff path converts its lead itself first, so there is nothing left here.
CREATE FUNCTION leads_convert_on_profile() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lead_link_user(NEW.user_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER leads_convert_on_profile AFTER INSERT ON patient_profiles
  FOR EACH ROW EXECUTE FUNCTION leads_convert_on_profile();

-- ---------------------------------------------------------------------------
-- Registering a patient on their behalf, and the invitation to claim it.
-- ---------------------------------------------------------------------------

INSERT INTO permissions (name, description, sensitivity) VALUES
  ('patients.register', 'Register a patient on their behalf (account, profile, invitation)',
   'high');
INSERT INTO role_permissions (role, permission) VALUES
  ('sales', 'patients.register'), ('care_coordinator', 'patients.register'),
  ('admin', 'patients.register');

-- account_invitations: the single-use token a patient registered by staff
-- gets by email to claim the account (set a password, which also verifies
-- the email, since the token came through it). Only the SHA-256 of the
-- token is stored; it expires; accepted_at ends it.
-- Sensitivity: moderate (a credential until used).
CREATE TABLE account_invitations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at TIMESTAMPTZ NOT NULL,
  accepted_at TIMESTAMPTZ,
  created_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_invitations_user_id_idx ON account_invitations (user_id);
CREATE INDEX account_invitations_created_by_idx ON account_invitations (created_by);

-- ---------------------------------------------------------------------------
-- Campaigns: channels, the status machine, daily spend.
-- ---------------------------------------------------------------------------

-- channels: where the campaign runs ('google_search', 'instagram', ...),
-- beside the vision's single type.
ALTER TABLE marketing_campaigns ADD COLUMN channels TEXT[] NOT NULL DEFAULT '{}';

-- draft → active → paused ⇄ active → completed; completed is final, and a
-- draft is activated before it can be paused or completed. Illegal moves
-- are 23P01 marketing_campaigns_status_transition (409).
CREATE FUNCTION campaign_status_allowed(p_from TEXT, p_to TEXT) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
  SELECT (p_from, p_to) IN (('draft', 'active'), ('active', 'paused'), ('paused', 'active'),
                            ('active', 'completed'), ('paused', 'completed'))
$$;

CREATE FUNCTION marketing_campaigns_status_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status
     AND NOT campaign_status_allowed(OLD.status, NEW.status) THEN
    RAISE EXCEPTION 'a campaign cannot go from % to %', OLD.status, NEW.status
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'marketing_campaigns_status_transition';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER marketing_campaigns_status_guard BEFORE UPDATE OF status ON marketing_campaigns
  FOR EACH ROW EXECUTE FUNCTION marketing_campaigns_status_guard();

-- campaign_spend: what a campaign cost on one day, per source of the figure
-- (an ad platform's export, 'manual'); one row per campaign, day and source,
-- written again when the figure is corrected. Minor units, like the
-- payments ledger.
-- Sensitivity: internal business data (low).
CREATE TABLE campaign_spend (
  campaign_id UUID NOT NULL REFERENCES marketing_campaigns (id) ON DELETE CASCADE,
  day DATE NOT NULL,
  source TEXT NOT NULL CHECK (char_length(source) BETWEEN 1 AND 50),
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  recorded_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, day, source)
);
CREATE INDEX campaign_spend_day_idx ON campaign_spend (day);
CREATE INDEX campaign_spend_recorded_by_idx ON campaign_spend (recorded_by);

CREATE TRIGGER campaign_spend_set_updated_at
  BEFORE UPDATE ON campaign_spend
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------
-- Attribution.
-- ---------------------------------------------------------------------------

-- How much of each lead each campaign earns under a model, over the lead's
-- path: its touches that carry a campaign, oldest first, up to its
-- conversion (touches after it did not bring the patient). Each lead's
-- credits add up to 1 (a lead whose touches carry no campaign is in no
-- campaign's figures).
--   first_touch: all to the first touch's campaign;
--   last_touch: all to the last;
--   position_based: 40% first, 40% last, the 20% left shared equally by the
--   touches between; a path of one touch gives it all, of two half each.
-- A campaign met several times on a path adds its shares.
CREATE FUNCTION lead_attribution(p_model TEXT)
RETURNS TABLE (lead_id UUID, campaign_id UUID, credit NUMERIC)
LANGUAGE sql STABLE AS $$
  WITH path AS (
    SELECT t.lead_id, t.campaign_id,
           row_number() OVER (PARTITION BY t.lead_id ORDER BY t.occurred_at, t.id) AS pos,
           count(*) OVER (PARTITION BY t.lead_id) AS n
    FROM lead_touches t
    JOIN leads l ON l.id = t.lead_id
    WHERE t.campaign_id IS NOT NULL AND l.deleted IS NOT TRUE
      AND (l.converted_at IS NULL OR t.occurred_at <= l.converted_at)
  ),
  shares AS (
    SELECT path.lead_id, path.campaign_id,
           CASE p_model
             WHEN 'first_touch' THEN CASE WHEN pos = 1 THEN 1.0 ELSE 0 END
             WHEN 'last_touch' THEN CASE WHEN pos = n THEN 1.0 ELSE 0 END
             WHEN 'position_based' THEN
               CASE WHEN n = 1 THEN 1.0
                    WHEN n = 2 THEN 0.5
                    WHEN pos = 1 OR pos = n THEN 0.4
                    ELSE 0.2 / (n - 2) END
           END AS share
    FROM path
  )
  SELECT shares.lead_id, shares.campaign_id, sum(share)
  FROM shares
  GROUP BY shares.lead_id, shares.campaign_id
  HAVING sum(share) > 0
$$;

-- ---------------------------------------------------------------------------
-- How the API shows a lead: 0024's lead_json with the conversion's links.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION lead_json(l leads) RETURNS JSONB
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', l.id, 'user_id', l.user_id, 'email', l.email, 'phone', l.phone,
    'first_name', l.first_name, 'last_name', l.last_name, 'source', l.source,
    'campaign_id', l.campaign_id, 'stage', l.stage, 'status', l.status,
    'lost_reason', l.lost_reason, 'stage_changed_at', l.stage_changed_at,
    'lead_score', l.lead_score, 'assigned_to', l.assigned_to, 'country', l.country,
    'city', l.city, 'language', l.language, 'procedure_interest', l.procedure_interest,
    'message', l.message, 'merged_into', l.merged_into,
    'first_contact_due_at', l.first_contact_due_at,
    'first_contact_overdue_at', l.first_contact_overdue_at,
    'last_interaction_at', l.last_interaction_at, 'created_at', l.created_at,
    'updated_at', l.updated_at, 'patient_profile_id', l.patient_profile_id,
    'converted_at', l.converted_at)
$$;
