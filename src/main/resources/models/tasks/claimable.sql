-- name: tasks
-- description: Tasks in batches; a worker claims the tasks of batches of its role, so its claim joins every task to
-- description: its parent batch (the "Any queue" issue's input 2, and the shape a public review of Noveum/orbit pull
-- description: request 373 questioned: child rows joined to their parent under FOR UPDATE SKIP LOCKED without OF).
-- description: A task is claimable when it is ready, or running with its lease passed.
-- lease: 5m
SELECT t.id
FROM tasks t
JOIN batches b ON b.id = t.batch_id
WHERE b.role = 'build'
  AND (t.state = 'ready' OR (t.state = 'running' AND t.lease_until < now()))
