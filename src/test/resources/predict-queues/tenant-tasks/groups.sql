SELECT tenant_id, task_no, tenant_id AS grp FROM tasks
