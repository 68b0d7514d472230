-- The seed's claim as plain SQL: the statements its Go test sends, with the per-account INSERT loop written as
-- one INSERT ... SELECT FROM unnest(:missing_ids). A template for testing your own production query:
-- copy it, paste your statements, run `claim-matrix matrix --strategy-dir DIR` (docs/add-a-strategy.md).
-- name: sql.seed
-- isolation: read committed
-- description: The seed's query as a .sql file: LEFT JOIN the incremental import, lock only the account and
-- description: its initial import, then UPDATE the incremental imports it saw and INSERT the missing ones.
-- expect: DUPLICATES
-- why: measured with `claim-matrix matrix --strategy-dir examples/strategies --variants seed,sql.seed --rounds 4`
-- why: on embedded PostgreSQL 17.7 (8 workers, 300 generated accounts): DUPLICATES in 20 of 20 runs (18 to 126
-- why: duplicate claims each; the Java seed got DUPLICATES in the same 20 runs). A claim whose snapshot predates
-- why: another worker's commit locks the same account, which was only locked, never updated, so no re-check runs
-- why: and the old snapshot's incremental import still qualifies.

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
