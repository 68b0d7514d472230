-- name: exclusive
-- description: Jobs with a lock key; at most one job per key runs at a time, enforced by a job_locks table with no key
-- description: that a claim anti-joins and then inserts into (the "Any queue" issue's input 3; the same class of race as
-- description: procrastinate's "Locks have a race condition", issue 103: two jobs of one lock fetched at once).
-- description: A job is claimable when it is ready and its key is not in job_locks.
SELECT j.id
FROM jobs j
WHERE j.state = 'ready'
  AND NOT EXISTS (SELECT 1 FROM job_locks l WHERE l.lock_key = j.lock_key)
