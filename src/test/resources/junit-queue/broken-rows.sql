-- items: 10
INSERT INTO jobs (queue, state) SELECT 'default', 'paused' FROM generate_series(1, :items);
