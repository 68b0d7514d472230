-- name: queues
-- description: Jobs in named serial queues with a row per queue that a claim locks and marks held, in the shape of
-- description: Graphile Worker's named queues (a job_queues row per queue, locked and stamped with its worker by the
-- description: claim). The fixed form of the exclusive models. A job is claimable when it is ready and its queue free.
SELECT j.id
FROM jobs j
JOIN job_queues q ON q.name = j.queue_name
WHERE j.state = 'ready'
  AND q.locked_at IS NULL
