-- items: 100
-- description: :items ready jobs, all due a minute ago. 100 fit in one 8 kB page: under stale statistics (analysed
-- description: with one job) the planner then believes the table holds about one row.
INSERT INTO jobs (queue) SELECT 'default' FROM generate_series(1, :items);
