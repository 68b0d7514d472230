-- name: seed
-- description: The seed report's schema: accounts and their imports. An account is claimable when its data is
-- description: stale, its initial import completed and its incremental import completed or absent; a claim flips the
-- description: incremental import to pending (inserting it when absent). Its rows come from the kit's Java fixture
-- description: (--fixture seed|generated, --accounts), in the shapes a variant needs (mixed, absent, present).
-- Measured under fresh statistics unless a run asks for stale ones (--statistics stale|both): under stale statistics
-- the planner nests loops over every account and import for each claim (300 accounts: a round of 8 workers passed the
-- 10 s round deadline, where fresh statistics drain it in about 0.3 s; see docs/real-queues.md).
-- statistics: fresh
SELECT a.id
FROM accounts a
  JOIN imports init ON init.account_id = a.id AND init.kind = 'initial'
  LEFT JOIN imports incr ON incr.account_id = a.id AND incr.kind = 'incremental'
WHERE a.last_updated < now() - interval '10 minutes'
  AND init.status = 'completed'
  AND (incr.status = 'completed' OR incr.status IS NULL)
