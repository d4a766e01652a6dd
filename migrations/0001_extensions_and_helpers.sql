-- Extensions and helpers shared by every later migration.
--
-- gen_random_uuid() is built into PostgreSQL 13+, but pgcrypto is created as
-- well (it is a trusted extension, so the database owner may create it) so
-- the digest/hmac helpers are available wherever the platform needs them.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Trigger function: keeps updated_at current on every UPDATE of a row.
-- Attached as <table>_set_updated_at to each table that has updated_at.
CREATE FUNCTION set_updated_at() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
