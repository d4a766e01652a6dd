-- Whether the migration ledger exists yet (a fresh database has none).
SELECT to_regclass('public.schema_migrations') IS NOT NULL
