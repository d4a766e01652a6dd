-- The campaign report under one attribution model (lead_attribution,
-- migration 0029) for the leads created from $2 to $3 (dates, both
-- inclusive, UTC days), with the spend of those days. $1 model. Each lead
-- counts for its credit; what it went on to do counts with the same credit:
-- qualified (its stage is qualified or beyond), consultations (booked or
-- held: the stage, or a consultation of its patient), conversions (a patient
-- profile), bookings (a booking of its patient that was not cancelled) and
-- revenue (its patient's net succeeded payments, in the campaign's currency;
-- other currencies are not converted and are left out). Cost per lead is
-- spend / leads, cost per acquisition spend / bookings, ROAS revenue /
-- spend; NULL when the divisor is zero (no spend: cost 0 per lead). Every campaign is listed, with
-- zeros. Columns: the report as a JSON array, by campaign name.
WITH credit AS (
  SELECT a.campaign_id, a.credit, l.id AS lead_id, l.stage, l.patient_profile_id
  FROM lead_attribution($1::text) a
  JOIN leads l ON l.id = a.lead_id
  WHERE l.created_at >= $2::date::timestamptz
    AND l.created_at < ($3::date + 1)::timestamptz
),
outcome AS (
  SELECT c.campaign_id, c.credit,
         c.stage IN ('qualified', 'consultation_booked', 'converted') AS qualified,
         c.stage = 'consultation_booked' OR EXISTS (
           SELECT 1 FROM consultations s
           WHERE s.patient_profile_id = c.patient_profile_id AND s.deleted IS NOT TRUE)
           AS consulted,
         c.patient_profile_id IS NOT NULL AS converted,
         EXISTS (SELECT 1 FROM bookings b
                 WHERE b.patient_profile_id = c.patient_profile_id AND b.deleted IS NOT TRUE
                   AND b.status <> 'cancelled') AS booked,
         coalesce((SELECT sum(CASE WHEN p.kind = 'refund' THEN -p.amount_minor
                                   ELSE p.amount_minor END)
                   FROM bookings b
                   JOIN payment_ledger p ON p.booking_id = b.id
                   JOIN marketing_campaigns mc ON mc.id = c.campaign_id
                   WHERE b.patient_profile_id = c.patient_profile_id
                     AND p.status = 'succeeded' AND p.currency = mc.currency), 0) AS revenue
  FROM credit c
),
per_campaign AS (
  SELECT campaign_id, sum(credit) AS leads,
         sum(credit) FILTER (WHERE qualified) AS qualified,
         sum(credit) FILTER (WHERE consulted) AS consultations,
         sum(credit) FILTER (WHERE converted) AS conversions,
         sum(credit) FILTER (WHERE booked) AS bookings,
         sum(credit * revenue) AS revenue
  FROM outcome
  GROUP BY campaign_id
),
spend AS (
  SELECT s.campaign_id, sum(s.amount_minor) AS spend
  FROM campaign_spend s
  JOIN marketing_campaigns mc ON mc.id = s.campaign_id AND s.currency = mc.currency
  WHERE s.day BETWEEN $2::date AND $3::date
  GROUP BY s.campaign_id
),
report AS (
  SELECT mc.id, mc.name, mc.status, mc.currency,
         round(coalesce(p.leads, 0), 4) AS leads,
         round(coalesce(p.qualified, 0), 4) AS qualified,
         round(coalesce(p.consultations, 0), 4) AS consultations,
         round(coalesce(p.conversions, 0), 4) AS conversions,
         round(coalesce(p.bookings, 0), 4) AS bookings,
         round(coalesce(p.revenue, 0), 2) AS revenue_minor,
         coalesce(s.spend, 0) AS spend_minor,
         round(coalesce(s.spend, 0) / nullif(p.leads, 0), 2) AS cost_per_lead_minor,
         round(coalesce(s.spend, 0) / nullif(p.bookings, 0), 2) AS cost_per_acquisition_minor,
         round(coalesce(p.revenue, 0) / nullif(s.spend, 0), 4) AS roas
  FROM marketing_campaigns mc
  LEFT JOIN per_campaign p ON p.campaign_id = mc.id
  LEFT JOIN spend s ON s.campaign_id = mc.id
  WHERE mc.deleted IS NOT TRUE
)
SELECT coalesce(jsonb_agg(jsonb_build_object(
         'campaign_id', id, 'name', name, 'status', status, 'currency', currency,
         'leads', leads, 'qualified', qualified, 'consultations', consultations,
         'conversions', conversions, 'bookings', bookings, 'revenue_minor', revenue_minor,
         'spend_minor', spend_minor, 'cost_per_lead_minor', cost_per_lead_minor,
         'cost_per_acquisition_minor', cost_per_acquisition_minor, 'roas', roas)
         ORDER BY name, id), '[]'::jsonb)::text
FROM report
