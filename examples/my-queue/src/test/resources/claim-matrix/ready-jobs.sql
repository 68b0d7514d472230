-- The rows every round starts from: :items ready jobs, all due a minute ago.
-- items: 100
INSERT INTO jobs (queue) SELECT 'default' FROM generate_series(1, :items);
