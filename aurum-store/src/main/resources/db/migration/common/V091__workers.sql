-- Issue 21 parts 1-2: workers on one PostgreSQL. workers: one row per `aurum worker` process,
-- its id being the lease owner of the tasks it claims. A worker is live while its heartbeat is
-- younger than the dead-after time; state ACTIVE, DRAINING (SIGTERM received) or STOPPED.
-- fenced_publishes counts the publishes the store refused because another worker had taken the
-- task's lease over. Times are epoch milliseconds (UTC).
CREATE TABLE workers (
  id               VARCHAR(200) PRIMARY KEY,
  host             VARCHAR(255) NOT NULL,
  pid              BIGINT       NOT NULL,
  sources          VARCHAR(500) NOT NULL,
  concurrency      INTEGER      NOT NULL,
  started_at       BIGINT       NOT NULL,
  heartbeat_at     BIGINT       NOT NULL,
  state            VARCHAR(20)  NOT NULL,
  fenced_publishes BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX workers_by_heartbeat ON workers (heartbeat_at);

-- worker_queue: the operations submitted for the workers (`--submit`). Such an operation has no
-- runner slot: whichever worker claims its windows runs them, and the one that finds nothing left
-- ends it. Workers take RUNNING queued operations by priority, then age.
CREATE TABLE worker_queue (
  operation_id VARCHAR(200) PRIMARY KEY REFERENCES operations (id),
  submitted_at BIGINT       NOT NULL,
  submitted_by VARCHAR(200)
);
