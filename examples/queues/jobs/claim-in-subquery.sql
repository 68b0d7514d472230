-- description: The claim as many job queues write it: one UPDATE whose IN (...) holds the locking subquery.
-- isolation: read committed
-- claim
UPDATE jobs SET state = 'running', locked_by = 'worker-' || pg_backend_pid()
WHERE id IN (
  SELECT id FROM jobs
  WHERE state = 'ready' AND run_at <= now()
  ORDER BY run_at, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
RETURNING id;
