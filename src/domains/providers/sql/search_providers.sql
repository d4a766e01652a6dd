-- GET /search/providers: one page of the active, non-deleted providers that
-- match every given filter, in the requested order, rendered as JSON with
-- the fields of GET /providers/{id} plus "match" (the procedures that match
-- and the lowest starting price among them). The whole request is this one
-- statement; each filter is a nullable parameter (NULL = not filtering).
--
-- $1 specialty, lower case: an element of providers.specialty, ignoring case
-- $2 procedure category: the provider has an active procedure of it
-- $3 city, compared ignoring case
-- $4 country (ISO 3166-1 alpha-2, upper case)
-- $5 language: a primary language subtag, lower case ("en" matches "en-GB")
-- $6 verified only (true) or NULL
-- $7 budget and $8 its currency (ISO 4217): the provider has an active
--    procedure (of $2 when given) priced in $8 whose price_range.min <= $7;
--    prices in other currencies never match (no conversion)
-- $9 minimum rating (unrated providers never match)
-- $10 order: 'relevance', 'rating' or 'name'
-- $11 cursor: the six sort keys (k1..k5, id) of the previous page's last
--     row, as text, or NULL for the first page
-- $12 page size
--
-- Every order is spelled as the same six ascending keys, so one keyset
-- comparison serves all three (unused keys are constants). The server
-- prepares this text once per order with every "$10::text" spelled as that
-- order's literal (search_routes.cpp, SearchStatement): the planner then
-- folds the CASEs below to plain expressions, and for 'rating' and 'name' the
-- partial indexes of migration 0017 give the rows already in order, so the
-- page stops after limit + 1 matches instead of ranking every provider
-- (2,000 providers: 0.7 ms instead of 20 ms). CAST($10 AS text) below keeps
-- $10 typed in those variants.
--   relevance: verified first, more matching procedures, higher rating
--              (unrated last), more reviews, id
--   rating:    higher rating (unrated last), more reviews, id
--   name:      name, id
-- Matching procedures: active, non-deleted, of $2 and within $7/$8 when
-- given; without those filters, all the provider's active procedures.
--
-- One row: (items as JSON text, the sort keys of the last item as a JSON
-- array of text when another page follows, else NULL).
WITH found AS (
  SELECT p.*, m.procedures, m.lowest, m.currency
  FROM providers p
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS procedures,
           min(x.amount) FILTER (WHERE x.currency IS NOT NULL) AS lowest,
           CASE WHEN min(x.currency) = max(x.currency) THEN min(x.currency) END AS currency
    FROM (
      SELECT CASE WHEN jsonb_typeof(pr.price_range -> 'min') = 'number'
                  THEN (pr.price_range ->> 'min')::numeric END AS amount,
             pr.price_range ->> 'currency' AS currency
      FROM procedures pr
      WHERE pr.provider_id = p.id
        AND pr.is_active IS NOT FALSE AND pr.deleted IS NOT TRUE
        AND ($2::text IS NULL OR pr.category = $2::text)
        AND ($7::numeric IS NULL
             OR (pr.price_range ->> 'currency' = $8::text
                 AND CASE WHEN jsonb_typeof(pr.price_range -> 'min') = 'number'
                          THEN (pr.price_range ->> 'min')::numeric END <= $7::numeric))
    ) x
  ) m
  WHERE p.is_active IS NOT FALSE AND p.deleted IS NOT TRUE AND CAST($10 AS text) IS NOT NULL
    AND ($1::text IS NULL OR lower_elements(p.specialty) @> ARRAY[$1::text])
    AND ($3::text IS NULL OR lower(p.location ->> 'city') = lower($3::text))
    AND ($4::text IS NULL OR p.location ->> 'country' = $4::text)
    AND ($5::text IS NULL OR primary_languages(p.languages_spoken) @> ARRAY[$5::text])
    AND ($6::bool IS NOT TRUE OR p.is_verified IS TRUE)
    AND ($9::numeric IS NULL OR p.rating >= $9::numeric)
    AND (($2::text IS NULL AND $7::numeric IS NULL) OR m.procedures > 0)
), keyed AS (
  SELECT f.*,
         CASE $10::text WHEN 'relevance' THEN -(f.is_verified IS TRUE)::int
                        WHEN 'rating' THEN -coalesce(f.rating, -1)
                        ELSE 0 END::numeric AS k1,
         CASE $10::text WHEN 'relevance' THEN -f.procedures
                        WHEN 'rating' THEN -coalesce(f.review_count, 0)
                        ELSE 0 END::numeric AS k2,
         CASE $10::text WHEN 'relevance' THEN -coalesce(f.rating, -1)
                        ELSE 0 END::numeric AS k3,
         CASE $10::text WHEN 'relevance' THEN -coalesce(f.review_count, 0)
                        ELSE 0 END::numeric AS k4,
         CASE $10::text WHEN 'name' THEN f.name ELSE '' END AS k5
  FROM found f
), page AS (
  SELECT *
  FROM keyed k
  WHERE $11::text[] IS NULL
     OR (k.k1, k.k2, k.k3, k.k4, k.k5, k.id)
        > (($11::text[])[1]::numeric, ($11::text[])[2]::numeric, ($11::text[])[3]::numeric,
           ($11::text[])[4]::numeric, ($11::text[])[5], ($11::text[])[6]::uuid)
  ORDER BY k.k1, k.k2, k.k3, k.k4, k.k5, k.id
  LIMIT $12::int + 1
), shown AS (
  SELECT * FROM page ORDER BY k1, k2, k3, k4, k5, id LIMIT $12::int
)
SELECT coalesce(json_agg(json_build_object(
         'id', s.id,
         'name', s.name,
         'type', s.type,
         'specialty', s.specialty,
         'location', s.location,
         'contact_info', s.contact_info,
         'credentials', s.credentials,
         'languages_spoken', s.languages_spoken,
         'rating', s.rating,
         'review_count', s.review_count,
         'is_verified', s.is_verified,
         'is_active', s.is_active,
         'created_at', s.created_at,
         'updated_at', s.updated_at,
         'match', json_build_object(
           'procedures', s.procedures,
           'lowest_price', CASE WHEN s.lowest IS NOT NULL AND s.currency IS NOT NULL
                                THEN json_build_object('amount', s.lowest,
                                                       'currency', s.currency) END))
         ORDER BY s.k1, s.k2, s.k3, s.k4, s.k5, s.id), '[]'::json)::text,
       CASE WHEN (SELECT count(*) FROM page) > $12::int THEN
         (SELECT json_build_array(l.k1::text, l.k2::text, l.k3::text, l.k4::text, l.k5,
                                  l.id::text)
          FROM shown l
          ORDER BY l.k1 DESC, l.k2 DESC, l.k3 DESC, l.k4 DESC, l.k5 DESC, l.id DESC
          LIMIT 1)::text
       END
FROM shown s
