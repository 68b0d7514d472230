-- items: 100
INSERT INTO tenants (tenant_id) SELECT g FROM generate_series(1, (:items + 1) / 2) g;
INSERT INTO tasks (tenant_id, task_no, visible_at)
SELECT (g + 1) / 2, g,
       CASE WHEN g % 10 = 0 THEN now() + interval '1 hour' ELSE now() - interval '1 second' END
FROM generate_series(1, :items) g;
