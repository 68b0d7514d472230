-- name: not-exists-guard
-- description: Lock the head visible task whose tenant has no running task (NOT EXISTS guard), in a CTE.
-- isolation: rc
-- expect: GROUP_DUPLICATES
-- why: measured 2026-11-29 with 'matrix --queue src/test/resources/predict-queues/tenant-tasks --rounds 3' (8
-- why: workers, 100 tasks, 50 tenants): 100 (fresh) and 116 (stale) group duplicates, no item claimed twice; the
-- why: search agrees (group 1: (1, 1) by s1 and (1, 2) by s2). The locked task row is re-checked when locked, but the
-- why: NOT EXISTS over the tenant's running tasks reads a snapshot that cannot see another claim's uncommitted task.
-- claim
WITH pick AS (
  SELECT t.tenant_id, t.task_no FROM tasks t
  WHERE t.status = 'queued' AND t.visible_at <= now()
    AND NOT EXISTS (SELECT 1 FROM tasks r
                    WHERE r.tenant_id = t.tenant_id AND r.status = 'running' AND r.visible_at > now())
  ORDER BY t.tenant_id, t.task_no
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
UPDATE tasks SET status = 'running', visible_at = now() + interval '30 seconds', attempts = attempts + 1
FROM pick WHERE tasks.tenant_id = pick.tenant_id AND tasks.task_no = pick.task_no
RETURNING tasks.tenant_id, tasks.task_no;
