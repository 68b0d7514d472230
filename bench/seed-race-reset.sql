-- Back to the seed report's three accounts (the same rows as Fixture.seed() in the kit), and an empty log.
-- one: stale, incremental import completed (eligible); two: stale, no incremental import (eligible);
-- three: stale, incremental import failed (not eligible).
BEGIN;
TRUNCATE accounts, imports, claim_log;
INSERT INTO accounts (id, last_updated) VALUES
  ('one', now() - interval '120 minutes'),
  ('two', now() - interval '60 minutes'),
  ('three', now() - interval '60 minutes');
INSERT INTO imports (account_id, kind, status) VALUES
  ('one', 'initial', 'completed'), ('one', 'incremental', 'completed'),
  ('two', 'initial', 'completed'),
  ('three', 'initial', 'completed'), ('three', 'incremental', 'failed');
COMMIT;
