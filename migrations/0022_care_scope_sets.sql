-- The care row scope as sets, so that lists filter by membership instead of
-- calling care_row_visible() on every row they walk (about 10 µs a row: the
-- consultation list of a clinic with few rows walked the whole table, 88 ms
-- at scale 10; bench/results/2026-12-03-care.md).
--
-- care_scope(viewer, scopes) is the one definition of what a care row's
-- scope reaches: ('all', NULL) for everything, ('provider', id) for the rows
-- of a provider the viewer works for, ('patient', id) for the rows of a
-- patient the viewer is, is assigned to, or holds a live break-glass grant
-- for. care_row_visible() is redefined on top of it, so a point check and a
-- list can never disagree. Both are plain SQL with one SELECT, which the
-- planner inlines: a point check becomes index probes, a list hashes each
-- set once.

CREATE FUNCTION care_scope(p_viewer UUID, p_scopes TEXT)
RETURNS TABLE (kind TEXT, id UUID)
LANGUAGE sql STABLE AS $$
  SELECT 'all', NULL::uuid
  WHERE 'all' = ANY (string_to_array(p_scopes, ','))
  UNION ALL
  SELECT 'provider', m.provider_id FROM provider_members m
  WHERE 'provider' = ANY (string_to_array(p_scopes, ',')) AND m.user_id = p_viewer
  UNION ALL
  SELECT 'patient', pp.id FROM patient_profiles pp
  WHERE 'own' = ANY (string_to_array(p_scopes, ',')) AND pp.user_id = p_viewer
  UNION ALL
  SELECT 'patient', a.patient_profile_id FROM care_assignments a
  WHERE 'assigned' = ANY (string_to_array(p_scopes, ',')) AND a.staff_user_id = p_viewer
    AND a.ended_at IS NULL
  UNION ALL
  SELECT 'patient', g.patient_profile_id FROM break_glass_grants g
  WHERE g.user_id = p_viewer AND g.expires_at > now()
$$;

CREATE OR REPLACE FUNCTION care_row_visible(p_provider UUID, p_patient UUID, p_viewer UUID,
                                            p_scopes TEXT)
RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM care_scope(p_viewer, p_scopes) s
    WHERE s.kind = 'all'
       OR (s.kind = 'provider' AND s.id = p_provider)
       OR (s.kind = 'patient' AND s.id = p_patient))
$$;
