-- Every change to the public catalog is announced on the channel
-- 'imedic_catalog', so that each server node can drop what its catalog
-- cache holds (src/domains/providers/catalog_cache.hpp). The payload is
-- "<table>:<row id>:<provider id>" for each changed row (an UPDATE that
-- moves a row to another provider names both), or "<table>:*" when one
-- statement changed more than 50 rows (a bulk load or a cascade: a node
-- then drops everything it holds about that table, not 10,000 entries one
-- notification at a time). PostgreSQL delivers notifications when their
-- transaction commits, once per distinct payload per transaction.
--
-- A TRUNCATE announces "<table>:*".
--
-- Statement-level triggers with transition tables, so a bulk statement
-- costs one trigger call, not one per row. Triggers rather than calls in the
-- application: a change made by another node, a migration or an operator
-- in psql is announced the same way. Reviews change a provider's rating
-- and review_count through their own trigger (0020), which announces the
-- provider too.

CREATE FUNCTION notify_catalog_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  provider_column TEXT := TG_ARGV[0];
  payloads TEXT[];
  payload TEXT;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('imedic_catalog', TG_TABLE_NAME || ':*');
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT k) INTO payloads FROM (
      SELECT TG_TABLE_NAME || ':' || (to_jsonb(n) ->> 'id') || ':'
             || coalesce(to_jsonb(n) ->> provider_column, '') AS k
      FROM (SELECT * FROM catalog_new LIMIT 51) n) x;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT k) INTO payloads FROM (
      SELECT TG_TABLE_NAME || ':' || (to_jsonb(o) ->> 'id') || ':'
             || coalesce(to_jsonb(o) ->> provider_column, '') AS k
      FROM (SELECT * FROM catalog_old LIMIT 51) o) x;
  ELSE
    SELECT array_agg(DISTINCT k) INTO payloads FROM (
      SELECT TG_TABLE_NAME || ':' || (to_jsonb(n) ->> 'id') || ':'
             || coalesce(to_jsonb(n) ->> provider_column, '') AS k
      FROM (SELECT * FROM catalog_new LIMIT 51) n
      UNION ALL
      SELECT TG_TABLE_NAME || ':' || (to_jsonb(o) ->> 'id') || ':'
             || coalesce(to_jsonb(o) ->> provider_column, '')
      FROM (SELECT * FROM catalog_old LIMIT 51) o) x;
  END IF;
  IF payloads IS NULL THEN
    RETURN NULL;  -- the statement changed no row
  END IF;
  IF cardinality(payloads) > 50 THEN
    PERFORM pg_notify('imedic_catalog', TG_TABLE_NAME || ':*');
    RETURN NULL;
  END IF;
  FOREACH payload IN ARRAY payloads LOOP
    PERFORM pg_notify('imedic_catalog', payload);
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER providers_catalog_insert AFTER INSERT ON providers
  REFERENCING NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('id');
CREATE TRIGGER providers_catalog_update AFTER UPDATE ON providers
  REFERENCING OLD TABLE AS catalog_old NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('id');
CREATE TRIGGER providers_catalog_delete AFTER DELETE ON providers
  REFERENCING OLD TABLE AS catalog_old
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('id');
CREATE TRIGGER providers_catalog_truncate AFTER TRUNCATE ON providers
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('id');

CREATE TRIGGER procedures_catalog_insert AFTER INSERT ON procedures
  REFERENCING NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER procedures_catalog_update AFTER UPDATE ON procedures
  REFERENCING OLD TABLE AS catalog_old NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER procedures_catalog_delete AFTER DELETE ON procedures
  REFERENCING OLD TABLE AS catalog_old
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER procedures_catalog_truncate AFTER TRUNCATE ON procedures
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');

CREATE TRIGGER provider_availability_catalog_insert AFTER INSERT ON provider_availability
  REFERENCING NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER provider_availability_catalog_update AFTER UPDATE ON provider_availability
  REFERENCING OLD TABLE AS catalog_old NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER provider_availability_catalog_delete AFTER DELETE ON provider_availability
  REFERENCING OLD TABLE AS catalog_old
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER provider_availability_catalog_truncate AFTER TRUNCATE ON provider_availability
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');

CREATE TRIGGER reviews_catalog_insert AFTER INSERT ON reviews
  REFERENCING NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER reviews_catalog_update AFTER UPDATE ON reviews
  REFERENCING OLD TABLE AS catalog_old NEW TABLE AS catalog_new
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER reviews_catalog_delete AFTER DELETE ON reviews
  REFERENCING OLD TABLE AS catalog_old
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
CREATE TRIGGER reviews_catalog_truncate AFTER TRUNCATE ON reviews
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change('provider_id');
