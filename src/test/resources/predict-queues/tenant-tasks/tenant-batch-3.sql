-- name: tenant-batch-3
-- description: Lock up to 5 idle tenants (a batch of 3 declared) (SKIP LOCKED), mark them busy, take one visible task of each.
-- isolation: rc
-- expect: OVERCLAIM
-- why: measured 2026-11-29, same run: 90 claim statements under each condition returned more than the declared batch
-- why: of 3 (up to 5, its LIMIT); the search agrees.
-- batch: 3
-- claim
WITH t AS (
  SELECT tn.tenant_id FROM tenants tn
  WHERE tn.busy_until <= now()
    AND EXISTS (SELECT 1 FROM tasks k
                WHERE k.tenant_id = tn.tenant_id AND k.status = 'queued' AND k.visible_at <= now())
  ORDER BY tn.tenant_id
  LIMIT 5
  FOR UPDATE SKIP LOCKED
), busy AS (
  UPDATE tenants SET busy_until = now() + interval '30 seconds'
  FROM t WHERE tenants.tenant_id = t.tenant_id
  RETURNING tenants.tenant_id
), pick AS (
  SELECT DISTINCT ON (k.tenant_id) k.tenant_id, k.task_no FROM tasks k JOIN busy ON busy.tenant_id = k.tenant_id
  WHERE k.status = 'queued' AND k.visible_at <= now()
  ORDER BY k.tenant_id, k.task_no
)
UPDATE tasks SET status = 'running', visible_at = now() + interval '30 seconds', attempts = attempts + 1
FROM pick WHERE tasks.tenant_id = pick.tenant_id AND tasks.task_no = pick.task_no
RETURNING tasks.tenant_id, tasks.task_no;
