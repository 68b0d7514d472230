-- items: 100
-- description: :items ready jobs, 5 per lock key (100 jobs: 20 keys), ids in key order so a key's jobs sit next to
-- description: each other at the head of the queue: the first claims of a round all reach for the same key, which is
-- description: where an anti-join that cannot see uncommitted lock rows lets two of them through.
INSERT INTO jobs (lock_key) SELECT 'k' || ((n - 1) / 5 + 1) FROM generate_series(1, :items) AS n;
