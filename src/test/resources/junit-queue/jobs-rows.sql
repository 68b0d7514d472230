-- items: 60
INSERT INTO jobs (queue) SELECT 'default' FROM generate_series(1, :items);
