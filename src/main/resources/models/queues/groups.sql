-- One job per queue at a time: the queue is the group.
SELECT id, queue_name FROM jobs
