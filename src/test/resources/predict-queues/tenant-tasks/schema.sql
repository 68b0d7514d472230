-- A multi-tenant task queue: composite key, visibility timeout, one running task per tenant.
CREATE TABLE tenants (
  tenant_id  int PRIMARY KEY,
  busy_until timestamptz NOT NULL DEFAULT '-infinity'
);
CREATE TABLE tasks (
  tenant_id  int NOT NULL REFERENCES tenants,
  task_no    int NOT NULL,
  status     text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
  visible_at timestamptz NOT NULL DEFAULT now() - interval '1 second',
  attempts   int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  owner      text,
  PRIMARY KEY (tenant_id, task_no)
);
CREATE INDEX tasks_ready ON tasks (visible_at) WHERE status = 'queued';
