-- Records one applied migration, in the same transaction as its SQL.
INSERT INTO schema_migrations (version, name, checksum)
VALUES ($1, $2, $3)
