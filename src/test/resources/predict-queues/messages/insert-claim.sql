-- description: Claim by inserting a processing row for the head message that has none; no row lock, the primary key of processing arbitrates.
-- isolation: rc
-- expect: ABORTS
-- why: measured 2026-11-30 with 'matrix --queue src/test/resources/predict-queues/messages --rounds 3' (8 workers,
-- why: 100 messages, 85 claimable): 632 (fresh) and 579 (stale) claims failed with 23505, no duplicate; the search
-- why: agrees. Nothing is locked: claims that read the same head insert the same processing row, and its primary key
-- why: refuses all but the first.
-- claim
INSERT INTO processing (message_id, consumer_id, priority)
SELECT m.id, pg_backend_pid() % 8 + 1, m.priority
FROM messages m
WHERE NOT m.dead AND m.visible_at <= now() AND m.receive_count < m.max_receives
  AND NOT EXISTS (SELECT 1 FROM processing p WHERE p.message_id = m.id)
ORDER BY m.priority DESC, m.id
LIMIT 1
RETURNING message_id AS id;
