-- A queue table as many teams have it: a plain schema.sql (the kit applies it through Liquibase, into a schema of
-- its own for each run). A changelog.yaml, .xml or formatted .sql changelog works the same way.
CREATE TABLE jobs (
  id        bigserial PRIMARY KEY,
  state     text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'running', 'done')),
  run_at    timestamptz NOT NULL DEFAULT now() - interval '1 minute',
  locked_by text
);
