-- Access control: roles, the permissions they grant, who holds them, and
-- the facts that row scopes are computed from (provider membership, care
-- assignments, break-glass grants). Policy data, not PII (low sensitivity).

-- roles: functional roles a user can hold. `assignable_to` names the
-- user types that may hold the role (a patient cannot become sales staff).
CREATE TABLE roles (
  name TEXT PRIMARY KEY CHECK (name ~ '^[a-z][a-z_]{1,40}$'),
  description TEXT NOT NULL,
  assignable_to TEXT[] NOT NULL
);

-- permissions: named `resource.action`; sensitivity follows the vision's
-- tiers (leads: low/sales; identity: moderate; patient and medical: high).
CREATE TABLE permissions (
  name TEXT PRIMARY KEY CHECK (name ~ '^[a-z_]+(\.[a-z_]+)+$'),
  description TEXT NOT NULL,
  sensitivity TEXT NOT NULL CHECK (sensitivity IN ('low', 'moderate', 'high'))
);

CREATE TABLE role_permissions (
  role TEXT NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  permission TEXT NOT NULL REFERENCES permissions (name) ON DELETE CASCADE,
  PRIMARY KEY (role, permission)
);
CREATE INDEX role_permissions_permission_idx ON role_permissions (permission);

CREATE TABLE user_roles (
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL REFERENCES roles (name),
  granted_by UUID REFERENCES users (id) ON DELETE SET NULL,
  granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role_idx ON user_roles (role);
CREATE INDEX user_roles_granted_by_idx ON user_roles (granted_by);

-- provider_members: which providers a provider-type user works for (the
-- vision links no user to a provider).
CREATE TABLE provider_members (
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider_id UUID NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  added_by UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, provider_id)
);
CREATE INDEX provider_members_provider_id_idx ON provider_members (provider_id);
CREATE INDEX provider_members_added_by_idx ON provider_members (added_by);

-- care_assignments: the patients a clinician or coordinator looks after.
CREATE TABLE care_assignments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('medical', 'care_coordinator')),
  assigned_by UUID REFERENCES users (id) ON DELETE SET NULL,
  assigned_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX care_assignments_active_key
  ON care_assignments (staff_user_id, patient_profile_id, kind) WHERE ended_at IS NULL;
CREATE INDEX care_assignments_patient_profile_id_idx ON care_assignments (patient_profile_id);
CREATE INDEX care_assignments_assigned_by_idx ON care_assignments (assigned_by);

-- break_glass_grants: a clinician's time-boxed access to a patient outside
-- their scope, with the reason they stated. Every grant is also audited.
CREATE TABLE break_glass_grants (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  patient_profile_id UUID NOT NULL REFERENCES patient_profiles (id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 1000),
  granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL,
  CHECK (expires_at > granted_at)
);
CREATE INDEX break_glass_grants_user_patient_idx
  ON break_glass_grants (user_id, patient_profile_id, expires_at);
CREATE INDEX break_glass_grants_patient_profile_id_idx ON break_glass_grants (patient_profile_id);

-- access_settings: switches of the access policy that admins may change.
CREATE TABLE access_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by UUID REFERENCES users (id) ON DELETE SET NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX access_settings_updated_by_idx ON access_settings (updated_by);
-- Whether sales staff see only the leads assigned to them, or all leads.
INSERT INTO access_settings (key, value) VALUES ('sales.lead_scope', 'assigned');

INSERT INTO roles (name, description, assignable_to) VALUES
  ('patient', 'A patient: their own records only', '{patient}'),
  ('provider_staff', 'Clinic or doctor staff: patients of their providers', '{provider}'),
  ('sales', 'Sales rep: leads and contact data, never medical data', '{staff}'),
  ('marketing', 'Marketing: campaigns and aggregate analytics', '{staff}'),
  ('care_coordinator', 'Care coordinator: logistics of assigned patients', '{staff}'),
  ('medical', 'Clinician: medical records of assigned patients', '{staff,provider}'),
  ('auditor', 'Reads the audit trail', '{staff,admin}'),
  ('admin', 'Administers users, roles and the platform', '{admin}');

INSERT INTO permissions (name, description, sensitivity) VALUES
  ('users.read', 'Read other users'' identity and contact data', 'moderate'),
  ('users.manage', 'Create staff accounts, suspend and reactivate users', 'moderate'),
  ('roles.manage', 'Grant and revoke roles, change role permissions and access settings', 'moderate'),
  ('patients.read', 'Read patient profiles', 'high'),
  ('patients.write', 'Create and change patient profiles', 'high'),
  ('patients.medical.read', 'Read medical histories and hair-loss profiles', 'high'),
  ('patients.medical.write', 'Change medical histories and hair-loss profiles', 'high'),
  ('care.assign', 'Assign clinicians and coordinators to patients', 'moderate'),
  ('providers.write', 'Change provider listings', 'low'),
  ('procedures.write', 'Change the procedures a provider offers', 'low'),
  ('availability.write', 'Change provider availability', 'low'),
  ('consultations.read', 'Read consultations', 'high'),
  ('consultations.write', 'Schedule and record consultations', 'high'),
  ('bookings.read', 'Read bookings', 'high'),
  ('bookings.write', 'Create and change bookings', 'high'),
  ('travel.read', 'Read travel arrangements', 'moderate'),
  ('travel.write', 'Change travel arrangements', 'moderate'),
  ('messages.read', 'Read conversations', 'high'),
  ('messages.write', 'Send messages', 'high'),
  ('leads.read', 'Read leads', 'low'),
  ('leads.write', 'Create, assign and change leads', 'low'),
  ('campaigns.read', 'Read marketing campaigns', 'low'),
  ('campaigns.write', 'Change marketing campaigns', 'low'),
  ('analytics.read', 'Read aggregate analytics', 'low'),
  ('outcomes.read', 'Read procedure outcomes', 'high'),
  ('outcomes.write', 'Record procedure outcomes', 'high'),
  ('followups.read', 'Read follow-up care', 'high'),
  ('followups.write', 'Schedule and record follow-up care', 'high'),
  ('reviews.write', 'Write reviews of own procedures', 'moderate'),
  ('reviews.moderate', 'Verify, hide and publish reviews', 'low'),
  ('audit.read', 'Read the audit trail', 'moderate'),
  ('breakglass.use', 'Open a patient record outside one''s scope, with a reason', 'high'),
  ('api_tokens.manage', 'Issue and revoke own API tokens', 'moderate'),
  ('privacy.export', 'Export a person''s data (GDPR access and portability)', 'high'),
  ('privacy.erase', 'Erase a person''s data (GDPR erasure)', 'high');

INSERT INTO role_permissions (role, permission)
SELECT r.role, unnest(r.perms)
FROM (VALUES
  ('patient', ARRAY['patients.read', 'patients.write', 'patients.medical.read',
    'patients.medical.write', 'consultations.read', 'bookings.read', 'travel.read',
    'messages.read', 'messages.write', 'outcomes.read', 'followups.read', 'reviews.write',
    'privacy.export']),
  ('provider_staff', ARRAY['patients.read', 'patients.medical.read', 'consultations.read',
    'consultations.write', 'bookings.read', 'bookings.write', 'outcomes.read', 'outcomes.write',
    'followups.read', 'followups.write', 'providers.write', 'procedures.write',
    'availability.write', 'api_tokens.manage']),
  ('sales', ARRAY['leads.read', 'leads.write', 'users.read', 'campaigns.read']),
  ('marketing', ARRAY['campaigns.read', 'campaigns.write', 'analytics.read']),
  ('care_coordinator', ARRAY['patients.read', 'users.read', 'consultations.read',
    'consultations.write', 'bookings.read', 'bookings.write', 'travel.read', 'travel.write',
    'messages.read', 'messages.write', 'followups.read', 'followups.write']),
  ('medical', ARRAY['patients.read', 'patients.medical.read', 'patients.medical.write',
    'consultations.read', 'consultations.write', 'outcomes.read', 'outcomes.write',
    'followups.read', 'followups.write', 'breakglass.use']),
  ('auditor', ARRAY['audit.read']),
  ('admin', ARRAY['users.read', 'users.manage', 'roles.manage', 'care.assign', 'patients.read',
    'providers.write', 'procedures.write', 'availability.write', 'consultations.read',
    'bookings.read', 'bookings.write', 'travel.read', 'travel.write', 'leads.read',
    'leads.write', 'campaigns.read', 'campaigns.write', 'analytics.read', 'reviews.moderate',
    'audit.read', 'api_tokens.manage', 'privacy.export', 'privacy.erase'])
) AS r (role, perms);

-- Row scope for patient data, in one place. `scopes` is the caller's set
-- of patient scopes, comma-separated: 'all', 'own', 'provider', 'assigned'
-- (or 'none'); a user with several roles holds the union. Services pass the
-- caller's id and scopes as bound parameters; this function is the only
-- definition of "may this caller see this patient".
CREATE FUNCTION patient_visible(p_patient UUID, p_viewer UUID, p_scopes TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  WITH s AS (SELECT string_to_array(p_scopes, ',') AS set)
  SELECT
    'all' = ANY (s.set)
    OR ('own' = ANY (s.set) AND EXISTS (
      SELECT 1 FROM patient_profiles pp WHERE pp.id = p_patient AND pp.user_id = p_viewer))
    OR ('provider' = ANY (s.set) AND (
      EXISTS (
        SELECT 1 FROM provider_members m
        JOIN consultations c ON c.provider_id = m.provider_id
        WHERE m.user_id = p_viewer AND c.patient_profile_id = p_patient
          AND c.deleted IS NOT TRUE)
      OR EXISTS (
        SELECT 1 FROM provider_members m
        JOIN bookings b ON b.provider_id = m.provider_id
        WHERE m.user_id = p_viewer AND b.patient_profile_id = p_patient
          AND b.deleted IS NOT TRUE)))
    OR ('assigned' = ANY (s.set) AND EXISTS (
      SELECT 1 FROM care_assignments a
      WHERE a.staff_user_id = p_viewer AND a.patient_profile_id = p_patient
        AND a.ended_at IS NULL))
    -- A live break-glass grant opens one patient to one clinician, whatever the scope.
    OR EXISTS (
      SELECT 1 FROM break_glass_grants g
      WHERE g.user_id = p_viewer AND g.patient_profile_id = p_patient AND g.expires_at > now())
  FROM s
$$;

-- Row scope for leads: 'all', 'assigned' (assigned_to = caller) or 'none'.
CREATE FUNCTION lead_visible(p_assigned_to UUID, p_viewer UUID, p_scope TEXT)
RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_scope
    WHEN 'all' THEN TRUE
    WHEN 'assigned' THEN p_assigned_to IS NOT DISTINCT FROM p_viewer AND p_viewer IS NOT NULL
    ELSE FALSE
  END
$$;
