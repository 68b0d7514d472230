-- name: outbox
-- description: The transactional outbox: messages written beside a service's own data, sent and deleted in batches by
-- description: a relay (the outbox tables of Debezium-style and hand-rolled relays). A message is claimable while it is
-- description: still there; a claim deletes it.
SELECT id FROM outbox
