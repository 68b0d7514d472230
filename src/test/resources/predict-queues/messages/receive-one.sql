-- description: SQS-style receive: hide the highest-priority visible message for 30 s, count the receive, mark it dead on its last one.
-- isolation: rc
-- expect: SAFE
-- why: measured 2026-11-30, same run: every message claimed once in each round under both conditions; the search
-- why: agrees.
-- claim
UPDATE messages
SET visible_at = now() + interval '30 seconds',
    receive_count = receive_count + 1,
    dead = receive_count + 1 >= max_receives
WHERE id = (
  SELECT id FROM messages
  WHERE NOT dead AND visible_at <= now() AND receive_count < max_receives
  ORDER BY priority DESC, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
RETURNING id;
