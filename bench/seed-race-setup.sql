-- The race test's own log of committed claims (not part of the kit's schema: the kit's tables, accounts and
-- imports, come from its Liquibase changelog). Run once in the schema the claims run in.
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS claim_log (
  account_id text NOT NULL,
  backend_pid int NOT NULL DEFAULT pg_backend_pid(),
  logged_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
