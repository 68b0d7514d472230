-- items: 100
-- description: :items ready tasks in batches of 50 (100 tasks: 2 batches), all of role 'build', plus one batch of
-- description: role 'deploy' with 5 tasks no claim may take. Few batches with many tasks each, and fewer batches than
-- description: workers (8), is what shows the batch-row lock: while a claim holds a batch, every other claim skips
-- description: all 50 of its tasks, so with 2 batches at most 2 of 8 workers find work at a time.
INSERT INTO batches (role) SELECT 'build' FROM generate_series(1, (:items + 49) / 50);
INSERT INTO tasks (batch_id) SELECT (n - 1) / 50 + 1 FROM generate_series(1, :items) AS n;
-- Tasks for another kind of worker: claimable by no claim of this model.
INSERT INTO batches (role) VALUES ('deploy');
INSERT INTO tasks (batch_id) SELECT b.id FROM batches b CROSS JOIN generate_series(1, 5) WHERE b.role = 'deploy';
