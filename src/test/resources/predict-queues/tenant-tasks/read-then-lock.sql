-- name: read-then-lock
-- description: Read the head without a lock, then lock it by its key, then write.
-- isolation: rc
-- expect: DUPLICATES
-- why: measured 2026-11-29, same run: 111 (fresh) and 121 (stale) tasks claimed by two committed transactions; the
-- why: search agrees. The lock by key waits for the holder and then re-checks only the key.
-- claim
SELECT t.tenant_id, t.task_no FROM tasks t
WHERE t.status = 'queued' AND t.visible_at <= now()
  AND NOT EXISTS (SELECT 1 FROM tasks r
                  WHERE r.tenant_id = t.tenant_id AND r.status = 'running' AND r.visible_at > now())
ORDER BY t.visible_at, t.tenant_id, t.task_no
LIMIT 1;
SELECT tenant_id, task_no FROM tasks
WHERE (tenant_id, task_no) IN (SELECT * FROM unnest(:tenant_id::int[], :task_no::int[]))
FOR UPDATE;
-- write
UPDATE tasks SET status = 'running', visible_at = now() + interval '30 seconds', attempts = attempts + 1
WHERE (tenant_id, task_no) IN (SELECT * FROM unnest(:tenant_id::int[], :task_no::int[]));
