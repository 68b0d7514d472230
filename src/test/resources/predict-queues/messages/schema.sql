-- A message queue with a visibility timeout, priorities, a dead flag after max_receives,
-- and a second stage: a claim may move a message into `processing` (one row per in-flight message).
CREATE TABLE consumers (
  id   int PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE messages (
  id            bigserial PRIMARY KEY,
  topic         text NOT NULL,
  priority      int NOT NULL DEFAULT 0,
  body          text NOT NULL,
  visible_at    timestamptz NOT NULL DEFAULT now() - interval '1 second',
  receive_count int NOT NULL DEFAULT 0,
  max_receives  int NOT NULL DEFAULT 5,
  dead          boolean NOT NULL DEFAULT false,
  CHECK (receive_count <= max_receives)
);
CREATE INDEX messages_ready ON messages (priority DESC, id) WHERE NOT dead;
CREATE TABLE processing (
  message_id  bigint PRIMARY KEY,
  consumer_id int NOT NULL REFERENCES consumers (id),
  priority    int NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now()
);
