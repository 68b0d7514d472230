-- description: Optimistic receive: pick the head with no lock, then hide it only if it is still visible (the UPDATE's own WHERE re-checks).
-- isolation: rc
-- expect: INCOMPLETE
-- why: measured 2026-11-30, same run: 21 silent misses under each condition (7 of 8 workers each round), no
-- why: duplicate, no abort; the search agrees (s2 finds nothing while messages wait). The head is chosen with no
-- why: lock; the UPDATE's own re-check drops it for every claim that waited.
-- claim
UPDATE messages
SET visible_at = now() + interval '30 seconds',
    receive_count = receive_count + 1,
    dead = receive_count + 1 >= max_receives
WHERE id = (
  SELECT id FROM messages
  WHERE NOT dead AND visible_at <= now() AND receive_count < max_receives
  ORDER BY priority DESC, id
  LIMIT 1)
  AND visible_at <= now() AND NOT dead
RETURNING id;
