-- The keys a worker may claim right now. Its columns are the key; every claim statement returns it first.
-- description: An example queue directory: one jobs table, two ways to claim its head.
SELECT id FROM jobs WHERE state = 'ready' AND run_at <= now()
