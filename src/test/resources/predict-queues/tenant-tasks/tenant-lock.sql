-- name: tenant-lock
-- description: Lock one idle tenant row (SKIP LOCKED), mark it busy, then take its oldest visible task.
-- isolation: rc
-- expect: SAFE
-- why: measured 2026-11-29, same run: every task claimed once in each round under both conditions; the search finds
-- why: no interleaving that breaks an invariant. Every claim goes through its tenant's row, which it locks and marks
-- why: busy: an older snapshot re-checks that row and skips the tenant.
-- claim
WITH t AS (
  SELECT tn.tenant_id FROM tenants tn
  WHERE tn.busy_until <= now()
    AND EXISTS (SELECT 1 FROM tasks k
                WHERE k.tenant_id = tn.tenant_id AND k.status = 'queued' AND k.visible_at <= now())
  ORDER BY tn.tenant_id
  LIMIT 1
  FOR UPDATE SKIP LOCKED
), busy AS (
  UPDATE tenants SET busy_until = now() + interval '30 seconds'
  FROM t WHERE tenants.tenant_id = t.tenant_id
  RETURNING tenants.tenant_id
), pick AS (
  SELECT k.tenant_id, k.task_no FROM tasks k JOIN busy ON busy.tenant_id = k.tenant_id
  WHERE k.status = 'queued' AND k.visible_at <= now()
  ORDER BY k.task_no LIMIT 1
)
UPDATE tasks SET status = 'running', visible_at = now() + interval '30 seconds',
                 attempts = attempts + 1, owner = 'w' || pg_backend_pid()
FROM pick WHERE tasks.tenant_id = pick.tenant_id AND tasks.task_no = pick.task_no
RETURNING tasks.tenant_id, tasks.task_no;
