-- name: jobs
-- description: The team's jobs table: a job is claimable when it is ready and due; a claim marks it running.
SELECT id FROM jobs WHERE state = 'ready' AND run_at <= now()
