-- Lead scoring and experiments (issue 13, items 8 and 9): the fields the
-- fit score reads that no earlier migration holds (budget, timeline), the
-- administrators' weights, the explanation of every score, the queue that
-- gets a lead re-scored within a second of the event that changes it, the
-- learned models, and A/B/n experiments with their exposures and
-- conversions. docs/architecture.md §1.3 ("Scoring", "Experiments") tells
-- the story; the arithmetic is C++ (domains/marketing/scoring_math.cpp,
-- experiment_math.cpp), the facts are here.

-- ---------------------------------------------------------------------------
-- The fit fields a rep records after the first call.
-- ---------------------------------------------------------------------------

-- budget_amount, budget_currency: what the lead said they can spend.
-- timeline: when they want the procedure.
-- lead_score_model: 'rule' or the id of the lead_score_models row that
-- gave lead_score; lead_scored_at: when.
ALTER TABLE leads
  ADD COLUMN budget_amount NUMERIC(12, 2) CONSTRAINT leads_budget_amount_check
    CHECK (budget_amount >= 0),
  ADD COLUMN budget_currency TEXT CONSTRAINT leads_budget_currency_check
    CHECK (budget_currency ~ '^[A-Z]{3}$'),
  ADD COLUMN timeline TEXT CONSTRAINT leads_timeline_check
    CHECK (timeline IN ('now', '1_3_months', '3_6_months', '6_12_months', 'over_12_months')),
  ADD COLUMN lead_score_model TEXT,
  ADD COLUMN lead_scored_at TIMESTAMPTZ;

-- ---------------------------------------------------------------------------
-- Configuration: the rule's weights, changed by administrators (audited).
-- ---------------------------------------------------------------------------

INSERT INTO permissions (name, description, sensitivity) VALUES
  ('leads.scoring.manage', 'Change the lead score weights and see the scoring models', 'low'),
  ('experiments.read', 'See experiments and their reports', 'low'),
  ('experiments.write', 'Create and run experiments, record exposures and conversions', 'low');
INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'leads.scoring.manage'),
  ('admin', 'experiments.read'),
  ('admin', 'experiments.write'),
  ('marketing', 'experiments.read'),
  ('marketing', 'experiments.write');

-- One row: {"weights": {factor: points}, "target_countries": [ISO codes]}.
-- The weights are the most points each factor can give; they add up to 100
-- (checked by the route), so the rule score is 0–100.
CREATE TABLE lead_scoring_config (
  id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
  config JSONB NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_by UUID REFERENCES users (id) ON DELETE SET NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lead_scoring_config_updated_by_idx ON lead_scoring_config (updated_by);

INSERT INTO lead_scoring_config (config) VALUES ('{
  "weights": {"country": 10, "procedure": 10, "budget": 15, "timeline": 10,
              "contact_verified": 10, "channel_opt_in": 5, "messages_in": 10,
              "messages_out": 5, "response_speed": 10, "return_visits": 5,
              "consultation_booked": 10},
  "target_countries": ["DE", "GB", "NL", "FR", "US", "SA", "AE"]
}');

-- ---------------------------------------------------------------------------
-- The features: every factor as a value in [0, 1], read by the scorer (rule
-- or model) and by `imedic scoring train` alike, so that training and
-- scoring cannot drift apart.
-- ---------------------------------------------------------------------------

-- NULL for a lead that is not scored: deleted or merged away.
CREATE FUNCTION lead_score_features(p_lead UUID) RETURNS JSONB
LANGUAGE plpgsql STABLE AS $$
DECLARE
  l leads;
  cfg JSONB;
  v_procedure NUMERIC := 0;
  v_budget NUMERIC := 0;
  v_min_price NUMERIC;
  v_verified NUMERIC := 0;
  v_opt_in NUMERIC := 0;
  v_in INTEGER := 0;
  v_out INTEGER := 0;
  v_first_out TIMESTAMPTZ;
  v_reply TIMESTAMPTZ;
  v_speed NUMERIC := 0;
  v_touches INTEGER := 0;
  v_marketing_touches INTEGER := 0;
  v_matches INTEGER := 0;
  v_booked BOOLEAN;
BEGIN
  SELECT * INTO l FROM leads WHERE id = p_lead;
  IF l.id IS NULL OR l.deleted IS TRUE OR l.merged_into IS NOT NULL THEN
    RETURN NULL;
  END IF;
  SELECT c.config INTO cfg FROM lead_scoring_config c;

  -- The interest against the catalogue: a live procedure whose name holds
  -- the interest or is held by it, or whose category is named in it.
  IF nullif(trim(l.procedure_interest), '') IS NOT NULL THEN
    SELECT min((p.price_range ->> 'min')::numeric)
           FILTER (WHERE p.price_range ->> 'currency' = l.budget_currency),
           count(*)
      INTO v_min_price, v_matches
    FROM procedures p
    WHERE p.is_active IS NOT FALSE AND p.deleted IS NOT TRUE
      AND (strpos(lower(p.name), lower(trim(l.procedure_interest))) > 0
           OR strpos(lower(l.procedure_interest), lower(p.name)) > 0
           OR strpos(lower(l.procedure_interest), replace(p.category, '_', ' ')) > 0);
    v_procedure := CASE WHEN v_matches > 0 THEN 1 ELSE 0.5 END;
  END IF;
  -- The budget against the cheapest matching price in the lead's currency.
  IF l.budget_amount IS NOT NULL AND v_min_price IS NOT NULL THEN
    v_budget := CASE WHEN l.budget_amount >= v_min_price THEN 1
                     WHEN l.budget_amount >= 0.7 * v_min_price THEN 0.5
                     ELSE 0.1 END;
  ELSIF l.budget_amount IS NOT NULL THEN
    v_budget := 0.3;  -- a stated budget, nothing to weigh it against
  END IF;

  IF l.user_id IS NOT NULL THEN
    SELECT CASE WHEN u.email_verified OR u.phone_verified THEN 1 END INTO v_verified
    FROM users u WHERE u.id = l.user_id;
    SELECT count(*) FILTER (WHERE m.direction = 'incoming'),
           count(*) FILTER (WHERE m.direction = 'outgoing'),
           min(m.sent_at) FILTER (WHERE m.direction = 'outgoing')
      INTO v_in, v_out, v_first_out
    FROM messages m WHERE m.user_id = l.user_id AND m.deleted IS NOT TRUE;
    IF v_first_out IS NOT NULL THEN
      SELECT min(m.sent_at) INTO v_reply FROM messages m
      WHERE m.user_id = l.user_id AND m.direction = 'incoming' AND m.sent_at > v_first_out
        AND m.deleted IS NOT TRUE;
      v_speed := CASE WHEN v_reply IS NULL THEN 0
                      WHEN v_reply - v_first_out <= interval '1 hour' THEN 1
                      WHEN v_reply - v_first_out <= interval '24 hours' THEN 0.5
                      ELSE 0.2 END;
    END IF;
    IF EXISTS (SELECT 1 FROM communication_channels c
               WHERE c.user_id = l.user_id AND c.consent_state = 'opted_in'
                 AND c.deleted IS NOT TRUE) THEN
      v_opt_in := 1;
    END IF;
  END IF;
  IF coalesce(v_verified, 0) = 0 THEN
    v_verified := CASE WHEN l.email IS NOT NULL AND l.phone IS NOT NULL THEN 0.5
                       WHEN l.email IS NOT NULL OR l.phone IS NOT NULL THEN 0.25
                       ELSE 0 END;
  END IF;

  SELECT count(*),
         count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM jsonb_each(coalesce(t.consents, '{}')) c
           WHERE c.key LIKE 'marketing%' AND c.value = 'true'))
    INTO v_touches, v_marketing_touches
    FROM lead_touches t WHERE t.lead_id = p_lead;
  IF v_marketing_touches > 0 THEN
    v_opt_in := 1;
  END IF;

  -- Booked: the stage reached it (now, or before the lead was lost), or
  -- the person, as a patient, has a consultation.
  v_booked := l.stage IN ('consultation_booked', 'converted') OR EXISTS (
    SELECT 1 FROM lead_activities a
    WHERE a.lead_id = p_lead AND a.kind = 'stage_change'
      AND a.body LIKE 'consultation\_booked -> %' AND a.deleted IS NOT TRUE)
    OR (l.user_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM consultations c JOIN patient_profiles pp ON pp.id = c.patient_profile_id
      WHERE pp.user_id = l.user_id AND c.deleted IS NOT TRUE));

  RETURN jsonb_build_object(
    'country', CASE WHEN l.country IS NULL THEN 0
                    WHEN cfg -> 'target_countries' ? l.country THEN 1 ELSE 0.5 END,
    'procedure', v_procedure,
    'budget', v_budget,
    'timeline', CASE l.timeline WHEN 'now' THEN 1 WHEN '1_3_months' THEN 0.75
                  WHEN '3_6_months' THEN 0.5 WHEN '6_12_months' THEN 0.25
                  WHEN 'over_12_months' THEN 0.1 ELSE 0 END,
    'contact_verified', v_verified,
    'channel_opt_in', v_opt_in,
    'messages_in', least(v_in, 5) / 5.0,
    'messages_out', least(v_out, 5) / 5.0,
    'response_speed', v_speed,
    'return_visits', least(greatest(v_touches - 1, 0), 3) / 3.0,
    'consultation_booked', CASE WHEN v_booked THEN 1 ELSE 0 END);
END
$$;

-- ---------------------------------------------------------------------------
-- Scores and their explanations.
-- ---------------------------------------------------------------------------

-- One row per factor of a lead's current score: the factor's value (0–1)
-- and the whole points it contributed. The contributions add up exactly to
-- leads.lead_score (largest-remainder rounding, scoring_math.cpp); a
-- model's score has a 'baseline' row too (the score of an average lead).
-- Sensitivity: sales (low), as the lead.
CREATE TABLE lead_score_explanations (
  lead_id UUID NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  factor TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  contribution INTEGER NOT NULL,
  PRIMARY KEY (lead_id, factor)
);

-- Leads waiting to be re-scored: the triggers below put a lead here and
-- notify 'imedic_lead_score'; the score worker (score_worker.cpp) takes
-- them with SKIP LOCKED, so several nodes share the work.
CREATE TABLE lead_score_queue (
  lead_id UUID PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  queued_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX lead_score_queue_queued_at_idx ON lead_score_queue (queued_at);

CREATE FUNCTION lead_score_enqueue(p_lead UUID) RETURNS VOID
LANGUAGE sql VOLATILE AS $$
  INSERT INTO lead_score_queue (lead_id) VALUES (p_lead) ON CONFLICT (lead_id) DO NOTHING;
  SELECT pg_notify('imedic_lead_score', '');
$$;

CREATE FUNCTION lead_score_enqueue_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r RECORD;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_TABLE_NAME = 'leads' THEN
    PERFORM lead_score_enqueue(r.id);
  ELSIF TG_TABLE_NAME IN ('lead_touches', 'lead_activities') THEN
    PERFORM lead_score_enqueue(r.lead_id) WHERE EXISTS (SELECT 1 FROM leads WHERE id = r.lead_id);
  ELSIF TG_TABLE_NAME = 'consultations' THEN
    PERFORM lead_score_enqueue(l.id)
    FROM patient_profiles pp JOIN leads l ON l.user_id = pp.user_id
    WHERE pp.id = r.patient_profile_id AND lead_is_open(l.stage, l.merged_into, l.deleted);
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM lead_score_enqueue(l.id)
    FROM leads l WHERE l.user_id = r.id AND lead_is_open(l.stage, l.merged_into, l.deleted);
  ELSE
    -- messages: every open lead of the person.
    PERFORM lead_score_enqueue(l.id)
    FROM leads l WHERE l.user_id = r.user_id AND lead_is_open(l.stage, l.merged_into, l.deleted);
  END IF;
  RETURN NULL;
END
$$;

-- Not lead_score, lead_score_model or lead_scored_at: the worker's own
-- write must not queue the lead again.
CREATE TRIGGER leads_score_enqueue
  AFTER INSERT OR UPDATE OF user_id, email, phone, country, procedure_interest, budget_amount,
    budget_currency, timeline, stage, deleted, merged_into ON leads
  FOR EACH ROW EXECUTE FUNCTION lead_score_enqueue_row();
CREATE TRIGGER lead_touches_score_enqueue
  AFTER INSERT OR UPDATE OF lead_id, consents ON lead_touches
  FOR EACH ROW EXECUTE FUNCTION lead_score_enqueue_row();
CREATE TRIGGER lead_activities_score_enqueue
  AFTER INSERT OR UPDATE OF lead_id, deleted ON lead_activities
  FOR EACH ROW EXECUTE FUNCTION lead_score_enqueue_row();
CREATE TRIGGER messages_score_enqueue
  AFTER INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION lead_score_enqueue_row();
CREATE TRIGGER consultations_score_enqueue
  AFTER INSERT ON consultations
  FOR EACH ROW EXECUTE FUNCTION lead_score_enqueue_row();
CREATE TRIGGER users_score_enqueue
  AFTER UPDATE OF email_verified, phone_verified ON users
  FOR EACH ROW EXECUTE FUNCTION lead_score_enqueue_row();

-- ---------------------------------------------------------------------------
-- Learned models (`imedic scoring train`).
-- ---------------------------------------------------------------------------

-- A logistic regression over lead_score_features' factors: P(converted) =
-- σ(intercept + Σ coefficient_i · x_i). feature_means are the training
-- set's means (the baseline of the explanation). Active only when its
-- holdout AUC beat the rule score's; at most one is active.
CREATE TABLE lead_score_models (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  feature_names TEXT[] NOT NULL,
  coefficients DOUBLE PRECISION[] NOT NULL,
  intercept DOUBLE PRECISION NOT NULL,
  feature_means DOUBLE PRECISION[] NOT NULL,
  auc_model DOUBLE PRECISION NOT NULL,
  auc_rule DOUBLE PRECISION NOT NULL,
  train_count INTEGER NOT NULL,
  holdout_count INTEGER NOT NULL,
  active BOOLEAN NOT NULL DEFAULT FALSE,
  trained_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (cardinality(feature_names) = cardinality(coefficients)
         AND cardinality(feature_names) = cardinality(feature_means))
);
CREATE UNIQUE INDEX lead_score_models_one_active_idx ON lead_score_models (active) WHERE active;

-- ---------------------------------------------------------------------------
-- Experiments (item 9).
-- ---------------------------------------------------------------------------

-- An A/B/n test of landing variants, message templates or campaign
-- creatives. planned_per_variant: the sample size per variant the
-- calculator gave; the report gives no verdict before every variant has it.
-- Sensitivity: internal business data (low).
CREATE TABLE experiments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('landing', 'template', 'creative')),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'stopped')),
  planned_per_variant INTEGER CHECK (planned_per_variant > 0),
  created_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX experiments_created_by_idx ON experiments (created_by);
CREATE TRIGGER experiments_set_updated_at BEFORE UPDATE ON experiments
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The variants in order; the first (position 0) is the control. weight:
-- the share of leads it gets, relative to the others.
CREATE TABLE experiment_variants (
  experiment_id UUID NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  name TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 1000),
  PRIMARY KEY (experiment_id, name),
  UNIQUE (experiment_id, position)
);

-- A lead shown a variant (once: the assignment is sticky, a hash of the
-- experiment and lead ids), and whether it converted.
CREATE TABLE experiment_exposures (
  experiment_id UUID NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  lead_id UUID NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  variant TEXT NOT NULL,
  exposed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  converted_at TIMESTAMPTZ,
  PRIMARY KEY (experiment_id, lead_id),
  FOREIGN KEY (experiment_id, variant) REFERENCES experiment_variants (experiment_id, name)
);
CREATE INDEX experiment_exposures_lead_id_idx ON experiment_exposures (lead_id);
CREATE INDEX experiment_exposures_variant_idx ON experiment_exposures (experiment_id, variant);

-- A lead that converts (stage converted) counts as a conversion in every
-- running experiment it was exposed to.
CREATE FUNCTION experiment_conversion_on_convert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.stage = 'converted' AND OLD.stage IS DISTINCT FROM 'converted' THEN
    UPDATE experiment_exposures x SET converted_at = now()
    FROM experiments e
    WHERE x.lead_id = NEW.id AND x.converted_at IS NULL AND e.id = x.experiment_id
      AND e.status = 'running';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER leads_experiment_conversion AFTER UPDATE OF stage ON leads
  FOR EACH ROW EXECUTE FUNCTION experiment_conversion_on_convert();

-- How the API shows an experiment, with its variants in order.
CREATE FUNCTION experiment_json(e experiments) RETURNS JSONB
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', e.id, 'name', e.name, 'kind', e.kind, 'status', e.status,
    'planned_per_variant', e.planned_per_variant, 'created_by', e.created_by,
    'created_at', e.created_at, 'updated_at', e.updated_at,
    'variants', coalesce((SELECT jsonb_agg(jsonb_build_object('name', v.name, 'weight', v.weight,
                                                             'control', v.position = 0)
                                           ORDER BY v.position)
                          FROM experiment_variants v WHERE v.experiment_id = e.id), '[]'))
$$;
