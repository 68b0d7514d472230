-- The seed's claim as plain SQL, statement for statement as its Go test sends them:
-- a template for testing your own production query with `--strategy-dir`.
-- name: sql.seed
-- isolation: read committed
-- description: The seed's query as a .sql file: LEFT JOIN the incremental import, lock only the account and
-- description: its initial import, then UPDATE the incremental imports it saw and INSERT the missing ones.
-- expect: DUPLICATES
-- why: measured, 3 runs of 3, with `claim-matrix matrix --strategy-dir examples/strategies --variants seed,sql.seed`
-- why: (8 workers, 20 rounds, 300 generated accounts, embedded PostgreSQL 17.7): 649 to 851 duplicate claims per
-- why: run, as the Java seed gets; a claim whose snapshot predates another worker's commit locks the same account,
-- why: which was only locked, never updated, so no re-check runs and the old snapshot's import still qualifies.

-- claim
SELECT a.id, incr.status IS NOT NULL AS has_incremental
FROM accounts a
  JOIN imports init ON init.account_id = a.id AND init.kind = 'initial'
  LEFT JOIN imports incr ON incr.account_id = a.id AND incr.kind = 'incremental'
WHERE a.last_updated < now() - interval '10 minutes'
  AND init.status = 'completed'
  AND (incr.status = 'completed' OR incr.status IS NULL)
ORDER BY a.last_updated
LIMIT 1
FOR UPDATE OF a, init SKIP LOCKED;

-- write
UPDATE imports SET status = 'pending'
WHERE kind = 'incremental' AND account_id = ANY(:existing_ids);

INSERT INTO imports (account_id, kind, status)
SELECT id, 'incremental', 'pending' FROM unnest(:missing_ids) AS id;
