-- The lead pipeline (issue 13, items 1, 2 and 4): the stage machine beside
-- the vision's status, the fields a capture form brings, touches (every
-- capture, with its campaign, click ids and consent evidence), the UTM to
-- campaign mapping, activities (calls, notes, tasks), merges and the
-- capture rate limits. docs/architecture.md §1.3 tells the story.

-- ---------------------------------------------------------------------------
-- leads: the stage machine and the capture fields.
-- ---------------------------------------------------------------------------

-- stage is the pipeline's state: new → contacted → qualified →
-- consultation_booked → converted, or lost (with lost_reason), or
-- nurturing. The vision's status (five values, pinned by the catalog) is
-- kept as the coarse funnel view of the stage by leads_sync_stage():
-- consultation_booked counts as qualified, nurturing as contacted. A writer
-- that only knows status (the vision's code, the demo seed, the messaging
-- intake) keeps working: its status becomes the stage.
-- merged_into: the lead this one was merged into (then deleted is TRUE).
-- first_contact_due_at: by when a rep should have answered (item 3).
ALTER TABLE leads
  ADD COLUMN stage TEXT NOT NULL DEFAULT 'new'
    CONSTRAINT leads_stage_check CHECK (stage IN ('new', 'contacted', 'qualified',
                                                  'consultation_booked', 'converted', 'lost',
                                                  'nurturing')),
  ADD COLUMN stage_changed_at TIMESTAMPTZ,
  ADD COLUMN lost_reason TEXT
    CONSTRAINT leads_lost_reason_check CHECK (char_length(lost_reason) BETWEEN 1 AND 1000),
  ADD COLUMN language TEXT,
  ADD COLUMN procedure_interest TEXT,
  ADD COLUMN message TEXT,
  ADD COLUMN merged_into UUID REFERENCES leads (id),
  ADD COLUMN first_contact_due_at TIMESTAMPTZ;

UPDATE leads SET stage = status WHERE stage <> status;

CREATE INDEX leads_merged_into_idx ON leads (merged_into);
-- The list, newest first, for each way it is narrowed (docs: fast at 1M).
CREATE INDEX leads_list_idx ON leads (created_at DESC, id DESC) WHERE deleted IS NOT TRUE;
CREATE INDEX leads_list_assigned_idx ON leads (assigned_to, created_at DESC, id DESC)
  WHERE deleted IS NOT TRUE;
CREATE INDEX leads_list_stage_idx ON leads (stage, created_at DESC, id DESC)
  WHERE deleted IS NOT TRUE;
-- A rep's own leads of one stage ("my new leads"): 690 → 91 ms at 1M
-- leads for a combination that matches nothing (docs/architecture.md §1.3).
CREATE INDEX leads_list_assigned_stage_idx ON leads (assigned_to, stage, created_at DESC, id DESC)
  WHERE deleted IS NOT TRUE;
-- Prefix search (q) on the contact fields and names.
CREATE INDEX leads_email_prefix_idx ON leads (email text_pattern_ops) WHERE deleted IS NOT TRUE;
CREATE INDEX leads_phone_prefix_idx ON leads (phone text_pattern_ops) WHERE deleted IS NOT TRUE;
CREATE INDEX leads_first_name_prefix_idx ON leads (lower(first_name) text_pattern_ops)
  WHERE deleted IS NOT TRUE;
CREATE INDEX leads_last_name_prefix_idx ON leads (lower(last_name) text_pattern_ops)
  WHERE deleted IS NOT TRUE;

-- Whether the pipeline may move a lead from one stage to another: one step
-- forward (or back from a booked consultation to qualified, when it falls
-- through), lost and nurturing from any open stage, a nurtured lead back
-- into contacted or qualified, a lost one back to nurturing. Converted is
-- final.
CREATE FUNCTION lead_stage_allowed(p_from TEXT, p_to TEXT) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
  SELECT (p_from, p_to) IN (
    ('new', 'contacted'),
    ('contacted', 'qualified'),
    ('qualified', 'consultation_booked'),
    ('consultation_booked', 'converted'),
    ('consultation_booked', 'qualified'),
    ('nurturing', 'contacted'),
    ('nurturing', 'qualified'),
    ('lost', 'nurturing'))
  OR (p_from IN ('new', 'contacted', 'qualified', 'consultation_booked', 'nurturing')
      AND p_to IN ('lost', 'nurturing') AND p_from <> p_to)
$$;

-- Keeps status and stage in step, and guards the machine on every update,
-- whoever writes: an illegal move is 23P01 leads_stage_transition, losing a
-- lead without a reason 23514 leads_lost_reason_required.
CREATE FUNCTION leads_sync_stage() RETURNS trigger
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
    IF NOT lead_stage_allowed(OLD.stage, NEW.stage) THEN
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

CREATE TRIGGER leads_sync_stage BEFORE INSERT OR UPDATE OF stage, status ON leads
  FOR EACH ROW EXECUTE FUNCTION leads_sync_stage();

-- ---------------------------------------------------------------------------
-- UTM values → campaigns, and touches.
-- ---------------------------------------------------------------------------

-- A utm_campaign value (lower case) a campaign's links carry. Item 6 gives
-- it routes; until then administrators write it in SQL and the seed fills it.
CREATE TABLE campaign_utm_mappings (
  utm_campaign TEXT PRIMARY KEY CHECK (utm_campaign = lower(utm_campaign)),
  campaign_id UUID NOT NULL REFERENCES marketing_campaigns (id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaign_utm_mappings_campaign_id_idx ON campaign_utm_mappings (campaign_id);

-- lead_touches: one row per contact a lead makes with us (a form capture, a
-- first message, an ad lead), with the campaign its utm_campaign maps to,
-- the click ids and the consents given with the version of the text shown
-- (the evidence the consent ledger of issue 14 will build on). Attribution
-- models (item 7) read touches. On a merge the touches move to the kept
-- lead; merged_from remembers where they came from.
-- Sensitivity: sales (low); ip is the consent evidence's.
CREATE TABLE lead_touches (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id UUID NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  channel TEXT NOT NULL,  -- the lead's source vocabulary: 'website', 'whatsapp', 'sms', ...
  campaign_id UUID REFERENCES marketing_campaigns (id) ON DELETE SET NULL,
  utm_source TEXT,
  utm_medium TEXT,
  utm_campaign TEXT,
  utm_term TEXT,
  utm_content TEXT,
  gclid TEXT,
  fbclid TEXT,
  referrer TEXT,
  landing_page TEXT,
  message TEXT,
  consents JSONB,  -- {"privacy": true, "marketing_email": false, ...} as given
  consent_text_version TEXT,
  ip INET,
  merged_from UUID REFERENCES leads (id)
);
CREATE INDEX lead_touches_lead_id_occurred_at_idx ON lead_touches (lead_id, occurred_at);
CREATE INDEX lead_touches_campaign_id_idx ON lead_touches (campaign_id, occurred_at);
CREATE INDEX lead_touches_merged_from_idx ON lead_touches (merged_from);

-- ---------------------------------------------------------------------------
-- Activities.
-- ---------------------------------------------------------------------------

-- lead_activities: what sales did with a lead: a call, a note, a task with
-- a due time (done when completed_at is set), and the stage changes the
-- pipeline records itself. Moved with the touches on a merge.
-- Sensitivity: sales (low).
CREATE TABLE lead_activities (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id UUID NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('call', 'note', 'task', 'stage_change')),
  body TEXT CHECK (char_length(body) <= 5000),
  due_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  completed_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  merged_from UUID REFERENCES leads (id),
  CONSTRAINT lead_activities_task_check CHECK (kind = 'task' OR due_at IS NULL)
);
CREATE INDEX lead_activities_lead_id_created_at_idx ON lead_activities (lead_id, created_at);
CREATE INDEX lead_activities_open_tasks_idx ON lead_activities (due_at)
  WHERE kind = 'task' AND completed_at IS NULL AND deleted IS NOT TRUE;
CREATE INDEX lead_activities_completed_by_idx ON lead_activities (completed_by);
CREATE INDEX lead_activities_created_by_idx ON lead_activities (created_by);
CREATE INDEX lead_activities_merged_from_idx ON lead_activities (merged_from);

CREATE TRIGGER lead_activities_set_updated_at
  BEFORE UPDATE ON lead_activities
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------
-- Capture rate limits.
-- ---------------------------------------------------------------------------

-- Hits of the public capture per bucket (a SHA-256 of "ip:<address>" or
-- "email:<address>", never the address itself) and fixed window, in the
-- database so that the limit holds across every node. Old windows are
-- purged by the lead job.
CREATE TABLE lead_capture_limits (
  bucket TEXT NOT NULL,
  window_start TIMESTAMPTZ NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX lead_capture_limits_window_start_idx ON lead_capture_limits (window_start);

-- Counts one hit in the bucket's current window of p_window_seconds and
-- answers 0 when it is within p_max, else the seconds until the window ends
-- (the Retry-After).
CREATE FUNCTION lead_capture_hit(p_bucket TEXT, p_window_seconds INTEGER, p_max INTEGER)
RETURNS INTEGER
LANGUAGE sql VOLATILE AS $$
  WITH w AS (
    SELECT to_timestamp(floor(extract(epoch FROM now()) / p_window_seconds) * p_window_seconds)
      AS start
  ),
  hit AS (
    INSERT INTO lead_capture_limits AS l (bucket, window_start, hits)
    SELECT p_bucket, w.start, 1 FROM w
    ON CONFLICT (bucket, window_start) DO UPDATE SET hits = l.hits + 1
    RETURNING hits, window_start
  )
  SELECT CASE WHEN hit.hits <= p_max THEN 0
              ELSE greatest(1, ceil(extract(epoch FROM
                     hit.window_start + make_interval(secs => p_window_seconds) - now()))::int)
         END
  FROM hit
$$;

-- ---------------------------------------------------------------------------
-- Assignment (item 3): rules, teams, round-robin with caps, first contact.
-- ---------------------------------------------------------------------------

INSERT INTO permissions (name, description, sensitivity) VALUES
  ('leads.assignment.manage', 'Configure lead assignment rules and sales teams', 'low');
INSERT INTO role_permissions (role, permission) VALUES ('admin', 'leads.assignment.manage');

-- When a rep who met a new lead's rule has not moved it past 'new':
-- first_contact_overdue_at is set by the lead job once first_contact_due_at
-- has passed.
ALTER TABLE leads ADD COLUMN first_contact_overdue_at TIMESTAMPTZ;
CREATE INDEX leads_first_contact_due_idx ON leads (first_contact_due_at)
  WHERE stage = 'new' AND first_contact_overdue_at IS NULL AND deleted IS NOT TRUE;

-- lead_assignment_rules: which team gets a new lead, by its language,
-- country and procedure interest (NULL: any), first match by position;
-- and how soon the team must first contact it.
CREATE TABLE lead_assignment_rules (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  position INTEGER NOT NULL UNIQUE,
  language TEXT,              -- BCP 47 primary tag, lower case ('tr', 'de')
  country TEXT,               -- ISO 3166-1 alpha-2
  procedure_interest TEXT,    -- lower-cased prefix of the lead's procedure interest
  team TEXT NOT NULL CHECK (char_length(team) BETWEEN 1 AND 50),
  first_contact_minutes INTEGER NOT NULL DEFAULT 60
    CHECK (first_contact_minutes BETWEEN 1 AND 10080),
  created_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lead_assignment_rules_created_by_idx ON lead_assignment_rules (created_by);

-- lead_team_members: the reps of a team, each with an optional cap on the
-- open leads they hold; last_assigned_at drives the round-robin.
CREATE TABLE lead_team_members (
  team TEXT NOT NULL CHECK (char_length(team) BETWEEN 1 AND 50),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  max_open_leads INTEGER CHECK (max_open_leads > 0),
  active BOOLEAN NOT NULL DEFAULT TRUE,
  last_assigned_at TIMESTAMPTZ,
  PRIMARY KEY (team, user_id)
);
CREATE INDEX lead_team_members_user_id_idx ON lead_team_members (user_id);

-- Assigns a lead to a rep by the first rule its language, country and
-- procedure interest match: the team's active member under their cap who
-- was given a lead longest ago (never first), ties by id — a round-robin,
-- serialised per team by locking its rows, so over any run of leads each
-- rep gets within one of the others (caps aside). Sets the first-contact
-- due time and audits the assignment. NULL (and no change) when no rule
-- matches or every member is at their cap.
CREATE FUNCTION lead_assign(p_lead UUID, p_actor UUID, p_actor_role TEXT, p_request_id TEXT,
                            p_ip INET)
RETURNS UUID
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  l leads;
  r lead_assignment_rules;
  rep UUID;
BEGIN
  SELECT * INTO l FROM leads WHERE id = p_lead;
  SELECT * INTO r FROM lead_assignment_rules ar
  WHERE (ar.language IS NULL OR lower(split_part(l.language, '-', 1)) = ar.language)
    AND (ar.country IS NULL OR l.country = ar.country)
    AND (ar.procedure_interest IS NULL
         OR lower(l.procedure_interest) LIKE ar.procedure_interest || '%')
  ORDER BY ar.position
  LIMIT 1;
  IF r.id IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM lead_team_members WHERE team = r.team ORDER BY user_id FOR UPDATE;
  SELECT m.user_id INTO rep
  FROM lead_team_members m
  WHERE m.team = r.team AND m.active
    AND (m.max_open_leads IS NULL OR (
      SELECT count(*) FROM leads o
      WHERE o.assigned_to = m.user_id AND lead_is_open(o.stage, o.merged_into, o.deleted))
      < m.max_open_leads)
  ORDER BY m.last_assigned_at NULLS FIRST, m.user_id
  LIMIT 1;
  IF rep IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE lead_team_members SET last_assigned_at = clock_timestamp()
  WHERE team = r.team AND user_id = rep;
  UPDATE leads SET assigned_to = rep,
                   first_contact_due_at = coalesce(first_contact_due_at,
                     created_at + make_interval(mins => r.first_contact_minutes))
  WHERE id = p_lead;
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns, reason)
  VALUES (p_actor, p_actor_role, 'update', 'leads', p_lead::text, p_request_id, p_ip,
          ARRAY['assigned_to', 'first_contact_due_at'], 'assignment rule ' || r.position);
  RETURN rep;
END
$$;

-- ---------------------------------------------------------------------------
-- Capture with dedupe: the one way a lead enters from outside.
-- ---------------------------------------------------------------------------

-- Whether a lead is open: still in the pipeline, not merged, not deleted.
-- A submission joins an open lead; a converted or lost one is history, and
-- a new submission from that person starts a new lead.
CREATE FUNCTION lead_is_open(p_stage TEXT, p_merged_into UUID, p_deleted BOOLEAN)
RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_stage NOT IN ('converted', 'lost') AND p_merged_into IS NULL AND p_deleted IS NOT TRUE
$$;

-- Records one contact from outside: joins the open lead with the same email
-- or phone (given normalised: core::NormalizeEmail, E.164 by
-- core::NormalizePhone) as a new touch, or creates the lead; both audited
-- (actor NULL: the public). Concurrent captures of the same person are
-- serialised by transaction advisory locks on the keys (in a fixed order),
-- so two at once still make one lead. Empty details fill the lead's empty
-- fields, never overwrite them. The messaging intake calls this too.
--   p_source: the lead's source and the touch's channel ('website',
--   'whatsapp', 'sms', 'email', ...); p_email, p_phone: normalised, at least
--   one; p_user_id: the user this contact is known as, if any;
--   p_fields: {first_name, last_name, country, language, procedure_interest,
--   message}; p_touch: {utm_source, utm_medium, utm_campaign, utm_term,
--   utm_content, gclid, fbclid, referrer, landing_page, consents,
--   consent_text_version}; p_request_id, p_ip: for the audit rows and the
--   consent evidence.
CREATE FUNCTION lead_capture_touch(p_source TEXT, p_email TEXT, p_phone TEXT, p_user_id UUID,
                                   p_fields JSONB, p_touch JSONB, p_request_id TEXT,
                                   p_ip INET)
RETURNS TABLE (lead_id UUID, created BOOLEAN, touch_id UUID)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  k TEXT;
  found_id UUID;
  campaign UUID;
  new_touch UUID;
BEGIN
  IF p_email IS NULL AND p_phone IS NULL THEN
    RAISE EXCEPTION 'a lead needs an email or a phone'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'lead_capture_contact_required';
  END IF;
  FOR k IN SELECT x FROM unnest(ARRAY['email:' || p_email, 'phone:' || p_phone]) AS x
           WHERE x IS NOT NULL ORDER BY x LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('lead_capture:' || k, 0));
  END LOOP;

  SELECT l.id INTO found_id
  FROM leads l
  WHERE ((p_email IS NOT NULL AND l.email = p_email) OR (p_phone IS NOT NULL AND l.phone = p_phone))
    AND lead_is_open(l.stage, l.merged_into, l.deleted)
  ORDER BY l.created_at, l.id
  LIMIT 1
  FOR UPDATE;

  SELECT m.campaign_id INTO campaign
  FROM campaign_utm_mappings m
  WHERE m.utm_campaign = lower(nullif(p_touch ->> 'utm_campaign', ''));

  IF found_id IS NULL THEN
    INSERT INTO leads (user_id, email, phone, first_name, last_name, source, campaign_id, country,
                       language, procedure_interest, message, last_interaction_at)
    VALUES (p_user_id, p_email, p_phone, p_fields ->> 'first_name', p_fields ->> 'last_name',
            p_source, campaign, p_fields ->> 'country', p_fields ->> 'language',
            p_fields ->> 'procedure_interest', p_fields ->> 'message', now())
    RETURNING id INTO found_id;
    created := TRUE;
    PERFORM lead_assign(found_id, NULL, 'public', p_request_id, p_ip);
  ELSE
    UPDATE leads l SET
      user_id = coalesce(l.user_id, p_user_id),
      email = coalesce(l.email, p_email),
      phone = coalesce(l.phone, p_phone),
      first_name = coalesce(l.first_name, p_fields ->> 'first_name'),
      last_name = coalesce(l.last_name, p_fields ->> 'last_name'),
      campaign_id = coalesce(l.campaign_id, campaign),
      country = coalesce(l.country, p_fields ->> 'country'),
      language = coalesce(l.language, p_fields ->> 'language'),
      procedure_interest = coalesce(l.procedure_interest, p_fields ->> 'procedure_interest'),
      message = coalesce(l.message, p_fields ->> 'message'),
      last_interaction_at = now()
    WHERE l.id = found_id;
    created := FALSE;
  END IF;

  INSERT INTO lead_touches (lead_id, channel, campaign_id, utm_source, utm_medium, utm_campaign,
                            utm_term, utm_content, gclid, fbclid, referrer, landing_page,
                            message, consents, consent_text_version, ip)
  VALUES (found_id, p_source, campaign, p_touch ->> 'utm_source', p_touch ->> 'utm_medium',
          p_touch ->> 'utm_campaign', p_touch ->> 'utm_term', p_touch ->> 'utm_content',
          p_touch ->> 'gclid', p_touch ->> 'fbclid', p_touch ->> 'referrer',
          p_touch ->> 'landing_page', p_fields ->> 'message', p_touch -> 'consents',
          p_touch ->> 'consent_text_version', p_ip)
  RETURNING id INTO new_touch;

  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  VALUES (NULL, 'public', CASE WHEN created THEN 'create' ELSE 'update' END, 'leads',
          found_id::text, p_request_id, p_ip),
         (NULL, 'public', 'create', 'lead_touches', new_touch::text, p_request_id, p_ip);

  lead_id := found_id;
  touch_id := new_touch;
  RETURN NEXT;
END
$$;

-- ---------------------------------------------------------------------------
-- How the API shows a lead (every lead route renders through this).
-- ---------------------------------------------------------------------------
CREATE FUNCTION lead_json(l leads) RETURNS JSONB
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
    'updated_at', l.updated_at)
$$;
