-- Public provider search (GET /search/providers, statement
-- src/domains/providers/sql/search_providers.sql): indexes for its
-- provider-level filters. Adds no columns; the vision's tables are unchanged.

-- The elements of a text array, lower-cased: specialty matches ignore case.
-- IMMUTABLE (lower() is), so it can key an expression index; it is not
-- inlined (it holds a sub-select), so queries match the index expression.
CREATE FUNCTION lower_elements(p_items TEXT[]) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT lower(e) FROM unnest(p_items) AS e)
$$;

-- The primary language subtags of BCP 47 tags, lower-cased
-- ({"en-GB","TR"} → {"en","tr"}): a search for a language matches any
-- regional or script variant of it.
CREATE FUNCTION primary_languages(p_tags TEXT[]) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT lower(split_part(e, '-', 1)) FROM unnest(p_tags) AS e)
$$;

CREATE INDEX providers_lower_specialty_idx ON providers USING GIN (lower_elements(specialty));
CREATE INDEX providers_primary_languages_idx
  ON providers USING GIN (primary_languages(languages_spoken));
CREATE INDEX providers_city_idx ON providers (lower(location ->> 'city'));
CREATE INDEX providers_country_idx ON providers ((location ->> 'country'));
