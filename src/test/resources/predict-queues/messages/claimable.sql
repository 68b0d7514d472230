-- name: messages
-- description: Messages with a visibility timeout, a priority, a dead flag after max_receives, and a processing
-- description: table a claim may move a message into.
-- lease: 30s
SELECT m.id FROM messages m
WHERE NOT m.dead AND m.visible_at <= now() AND m.receive_count < m.max_receives
  AND NOT EXISTS (SELECT 1 FROM processing p WHERE p.message_id = m.id)
