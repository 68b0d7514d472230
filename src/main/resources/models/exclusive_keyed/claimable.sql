-- name: exclusive_keyed
-- description: Jobs with a lock key; at most one job per key runs at a time, enforced by a job_locks table whose primary
-- description: key is the lock key: a claim anti-joins it and then inserts into it (the "Any queue" issue's input 3 with
-- description: the key the issue suggests; the lost race then waits and fails with 23505, or, with ON CONFLICT DO
-- description: NOTHING, claims nothing). A job is claimable when it is ready and its key is not in job_locks.
SELECT j.id
FROM jobs j
WHERE j.state = 'ready'
  AND NOT EXISTS (SELECT 1 FROM job_locks l WHERE l.lock_key = j.lock_key)
