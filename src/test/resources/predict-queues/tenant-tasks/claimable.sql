-- name: tenant-tasks
-- description: Tasks keyed by (tenant_id, task_no); visible_at is the visibility timeout (lease);
-- description: at most one running task per tenant.
-- lease: 30s
SELECT t.tenant_id, t.task_no
FROM tasks t
WHERE t.status = 'queued' AND t.visible_at <= now()
  AND NOT EXISTS (SELECT 1 FROM tasks r
                  WHERE r.tenant_id = t.tenant_id AND r.status = 'running' AND r.visible_at > now())
