-- items: 100
-- description: :items ready jobs, none claimed (100, as the jobs model: one 8 kB page, so under stale statistics the
-- description: planner believes the table holds a row or two).
INSERT INTO jobs (queue) SELECT 'default' FROM generate_series(1, :items);
