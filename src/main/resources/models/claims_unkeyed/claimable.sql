-- name: claims_unkeyed
-- description: The claims model without a key on claimed_jobs: a claim picks the head ready job without locking it,
-- description: inserts it into claimed_jobs and deletes it from jobs (Rails' Solid Queue's ready/claimed split with
-- description: both the row lock and the claimed table's unique key left out). A job is claimable while it is in jobs
-- description: and not in claimed_jobs.
SELECT j.id
FROM jobs j
WHERE NOT EXISTS (SELECT 1 FROM claimed_jobs c WHERE c.job_id = j.id)
