-- items: 100
-- description: :items messages on one topic, each with a small JSON payload. 100 of them fit in one 8 kB page (a
-- description: larger payload would spill them onto a second); under stale statistics (analysed with one message)
-- description: the planner then believes the table holds about one row, the condition the stale plans were measured in.
INSERT INTO outbox (topic, payload) SELECT 'order', jsonb_build_object('id', g) FROM generate_series(1, :items) g;
