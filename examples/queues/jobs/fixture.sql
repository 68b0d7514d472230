-- The rows every round starts from; :items is their number (--items overrides this default).
-- items: 100
INSERT INTO jobs (state) SELECT 'ready' FROM generate_series(1, :items);
