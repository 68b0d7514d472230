-- The seed's own race test, one claimer's transaction (pgbench script; bench/seed-race.sh drives it).
-- The claim is the seed report's query verbatim; the claimed id is logged in claim_log in the same
-- transaction, so only committed claims are counted. Run with -M extended (or prepared): :id is a parameter.
-- has_incremental stays NULL when the claim returns no row (\aset assigns nothing then).
\set has_incremental NULL
BEGIN;
SELECT a.id, incr.status IS NOT NULL AS has_incremental
FROM accounts a
JOIN imports init ON init.account_id = a.id AND init.kind = 'initial'
LEFT JOIN imports incr ON incr.account_id = a.id AND incr.kind = 'incremental'
WHERE a.last_updated < now() - interval '10 minutes'
  AND init.status = 'completed' AND (incr.status = 'completed' OR incr.status IS NULL)
ORDER BY a.last_updated
LIMIT 1
FOR UPDATE OF a, init SKIP LOCKED \aset
\if :has_incremental IS NULL
-- nothing eligible left for this claimer
\elif :has_incremental
UPDATE imports SET status = 'pending' WHERE account_id = :id AND kind = 'incremental';
INSERT INTO claim_log (account_id) VALUES (:id);
\else
INSERT INTO imports (account_id, kind, status) VALUES (:id, 'incremental', 'pending');
INSERT INTO claim_log (account_id) VALUES (:id);
\endif
COMMIT;
