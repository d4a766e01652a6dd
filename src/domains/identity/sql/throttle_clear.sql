-- A successful sign-in clears the account's failures (not the address's:
-- one good password must not unlock a spraying client).
DELETE FROM login_throttles WHERE bucket = $1
