-- inner.lock-accounts+incremental.skip.rc.update-insert.no-recheck.limit1: one claim transaction, the same statements with the same bind values as the kit.
-- Captured from the strategy by `claim-matrix bench` (never edited by hand). Run with pgbench -M prepared -D v_initial=initial -D v_incremental=incremental -D v_completed=completed -D v_pending=pending.
-- :id is the claimed account; has_incremental stays NULL when the claim returns no row (\aset assigns nothing).
\set has_incremental NULL
BEGIN;
select "a"."id", ("incr"."status" is not null) as "has_incremental" from "accounts" as "a" join "imports" as "init" on ("init"."account_id" = "a"."id" and "init"."kind" = :v_initial) join "imports" as "incr" on ("incr"."account_id" = "a"."id" and "incr"."kind" = :v_incremental) where ("a"."last_updated" < now() - interval '10 minutes' and "init"."status" = :v_completed and ("incr"."status" = :v_completed or "incr"."status" is null)) order by "a"."last_updated" fetch next 1 rows only for update of "a", "incr" skip locked \aset
\if :has_incremental IS NULL
-- nothing to claim
\elif :has_incremental
update "imports" set "status" = :v_pending where ("imports"."kind" = :v_incremental and "imports"."account_id" in (:id));
\else
insert into "imports" ("account_id", "kind", "status") values (:id, :v_incremental, :v_pending);
\endif
COMMIT;
