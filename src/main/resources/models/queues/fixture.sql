-- items: 100
-- description: :items ready jobs, 5 per queue (100 jobs: 20 queues, all free), ids in queue order so a queue's jobs
-- description: sit next to each other at the head: the first claims of a round all reach for the same queue, the race
-- description: the queue row has to settle (as in the exclusive models' fixture).
INSERT INTO job_queues (name) SELECT 'q' || n FROM generate_series(1, (:items + 4) / 5) AS n;
INSERT INTO jobs (queue_name) SELECT 'q' || ((n - 1) / 5 + 1) FROM generate_series(1, :items) AS n;
