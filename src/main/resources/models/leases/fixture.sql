-- items: 100
-- description: :items messages never delivered (no lease, no attempt). 100 of them fit in one 8 kB page: under stale
-- description: statistics (analysed with one message) the planner then believes the table holds about one row.
INSERT INTO messages (body) SELECT 'message ' || g FROM generate_series(1, :items) g;
