-- Aftercare over HTTP (issue 11, item 6): who edits the protocol templates,
-- and complications a patient or clinician reports on a follow-up item,
-- escalated once by the aftercare job like an overdue item.

-- Protocol templates are clinical policy: medical staff edit them. No
-- existing permission fits (followups.write is also held by provider staff
-- and care coordinators, who record follow-ups but do not set policy).
INSERT INTO permissions (name, description, sensitivity) VALUES
  ('aftercare.protocols.write', 'Edit the aftercare protocol templates of procedure categories',
   'low');
INSERT INTO role_permissions (role, permission) VALUES ('medical', 'aftercare.protocols.write');

-- An item falls due after the procedure, never on it (the seeded items all
-- do): a zero offset is refused by rule name (422 naming offset_days).
ALTER TABLE aftercare_protocol_items
  ADD CONSTRAINT aftercare_protocol_items_offset_check CHECK (offset_months > 0 OR offset_days > 0);

-- complication_reported: set when an item is completed with a complication
-- (POST /follow-ups/{id}/complete, "complication": true); escalated_at
-- (0020) marks it handed to the care team, once.
ALTER TABLE follow_up_care
  ADD COLUMN complication_reported BOOLEAN NOT NULL DEFAULT FALSE;

-- The job's scan over reported complications not yet escalated.
CREATE INDEX follow_up_care_complication_idx ON follow_up_care (updated_at)
  WHERE complication_reported AND escalated_at IS NULL AND deleted IS NOT TRUE;

-- The complication escalation claim of follow-up items: reported, not yet
-- escalated, marked in the same statement (SKIP LOCKED), so each is handed
-- out once across runs and nodes.
CREATE FUNCTION claim_follow_up_complications(p_now TIMESTAMPTZ, p_limit INTEGER)
RETURNS SETOF follow_up_care
LANGUAGE sql VOLATILE AS $$
  UPDATE follow_up_care f SET escalated_at = p_now
  WHERE f.id IN (
    SELECT id FROM follow_up_care
    WHERE complication_reported AND escalated_at IS NULL AND deleted IS NOT TRUE
    ORDER BY updated_at LIMIT p_limit FOR UPDATE SKIP LOCKED)
  RETURNING f.*
$$;

-- Who hears of an escalation about patient p_patient at provider
-- p_provider: the patient's assigned care coordinators and clinicians
-- (care_assignments still running); when none is assigned, the provider's
-- staff. Active, undeleted users with an e-mail address.
CREATE FUNCTION aftercare_escalation_recipients(p_patient UUID, p_provider UUID)
RETURNS TABLE (user_id UUID, email TEXT)
LANGUAGE sql STABLE AS $$
  WITH assigned AS (
    SELECT DISTINCT u.id, u.email
    FROM care_assignments a
    JOIN users u ON u.id = a.staff_user_id
    WHERE a.patient_profile_id = p_patient AND a.ended_at IS NULL
      AND a.kind IN ('care_coordinator', 'medical')
      AND u.deleted IS NOT TRUE AND u.status = 'active'
  )
  SELECT id, email FROM assigned
  UNION ALL
  SELECT DISTINCT u.id, u.email
  FROM provider_members m
  JOIN users u ON u.id = m.user_id
  WHERE m.provider_id = p_provider AND NOT EXISTS (SELECT 1 FROM assigned)
    AND u.deleted IS NOT TRUE AND u.status = 'active'
$$;
