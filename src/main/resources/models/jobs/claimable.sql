-- name: jobs
-- description: One table of jobs (state, run_at, attempts, locked_by), the shape most PostgreSQL job queues share.
-- description: A job is claimable when it is ready and due; a claim marks it running.
SELECT id FROM jobs WHERE state = 'ready' AND run_at <= now()
