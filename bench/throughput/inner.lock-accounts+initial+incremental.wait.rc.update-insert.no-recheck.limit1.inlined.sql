-- inner.lock-accounts+initial+incremental.wait.rc.update-insert.no-recheck.limit1: one claim transaction, the same statements with the values inlined as literals.
-- Captured from the strategy by `claim-matrix bench` (never edited by hand). Run with pgbench -M prepared.
-- :id is the claimed account; has_incremental stays NULL when the claim returns no row (\aset assigns nothing).
\set has_incremental NULL
BEGIN;
select "a"."id", ("incr"."status" is not null) as "has_incremental" from "accounts" as "a" join "imports" as "init" on ("init"."account_id" = "a"."id" and "init"."kind" = 'initial') join "imports" as "incr" on ("incr"."account_id" = "a"."id" and "incr"."kind" = 'incremental') where ("a"."last_updated" < now() - interval '10 minutes' and "init"."status" = 'completed' and ("incr"."status" = 'completed' or "incr"."status" is null)) order by "a"."last_updated" fetch next 1 rows only for update of "a", "init", "incr" \aset
\if :has_incremental IS NULL
-- nothing to claim
\elif :has_incremental
update "imports" set "status" = 'pending' where ("imports"."kind" = 'incremental' and "imports"."account_id" in (:id));
\else
insert into "imports" ("account_id", "kind", "status") values (:id, 'incremental', 'pending');
\endif
COMMIT;
