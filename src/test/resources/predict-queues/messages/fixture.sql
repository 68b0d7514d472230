-- items: 100
-- Every 10th message is hidden for an hour, every 5th is on its last receive, every 17th is dead already.
INSERT INTO consumers (id, name) SELECT c, 'consumer-' || c FROM generate_series(1, 8) c;
INSERT INTO messages (topic, priority, body, visible_at, receive_count, dead)
SELECT 't' || (g % 7), g % 3, 'message ' || g,
       CASE WHEN g % 10 = 0 THEN now() + interval '1 hour' ELSE now() - interval '1 second' END,
       CASE WHEN g % 5 = 0 THEN 4 ELSE 0 END,
       g % 17 = 0
FROM generate_series(1, :items) g;
