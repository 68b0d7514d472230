-- description: The same claim with the locking SELECT in a CTE.
-- isolation: read committed
-- claim
WITH head AS (
  SELECT id FROM jobs
  WHERE state = 'ready' AND run_at <= now()
  ORDER BY run_at, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
UPDATE jobs SET state = 'running', locked_by = 'worker-' || pg_backend_pid()
FROM head WHERE jobs.id = head.id
RETURNING jobs.id;
