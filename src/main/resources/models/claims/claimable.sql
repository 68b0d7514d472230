-- name: claims
-- description: A ready-jobs table and a claimed-jobs table keyed by the job: a claim picks the head ready job without
-- description: locking it, inserts it into claimed_jobs and deletes it from jobs, the ready/claimed split of Rails' Solid
-- description: Queue with the row lock left out, so the claimed table's key is all that settles a race.
-- description: A job is claimable while it is in jobs and not in claimed_jobs.
SELECT j.id
FROM jobs j
WHERE NOT EXISTS (SELECT 1 FROM claimed_jobs c WHERE c.job_id = j.id)
