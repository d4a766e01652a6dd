-- Provider search in rating and name order (GET /search/providers?order=…):
-- indexes on exactly the sort keys the search statement folds to for those
-- orders (src/domains/providers/sql/search_providers.sql), over the rows it
-- can show, so a page is read in order and stops after limit + 1 matches.
-- Relevance order counts matching procedures per provider and cannot be
-- served by an index. Adds no columns; the vision's tables are unchanged.

CREATE INDEX providers_search_rating_idx
  ON providers ((-coalesce(rating, -1::numeric)), ((-coalesce(review_count, 0))::numeric), id)
  WHERE is_active IS NOT FALSE AND deleted IS NOT TRUE;

CREATE INDEX providers_search_name_idx
  ON providers (name, id)
  WHERE is_active IS NOT FALSE AND deleted IS NOT TRUE;
