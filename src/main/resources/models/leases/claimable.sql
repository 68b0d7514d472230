-- name: leases
-- description: A queue with a visibility timeout (SQS, and PostgreSQL queues built like it such as pgmq): a claim hides
-- description: a message until its lease passes and counts the attempt; a message is claimable while it has attempts
-- description: left and no lease in force.
-- The lease below is the shortest any claim of this model takes (leases.short-lease's 100 ms; leases.lease takes 30 s):
-- the oracle counts a second claim of a message that began at least this long after the first one ended as a
-- redelivery, not a duplicate.
-- lease: 100ms
SELECT id FROM messages WHERE attempts < max_attempts AND (lease_until IS NULL OR lease_until <= now())
