-- Shared by SQLite and PostgreSQL. Instants are epoch milliseconds (BIGINT) so both databases
-- behave identically whatever the session time zone; periods are ISO dates 'YYYY-MM-DD'.
CREATE TABLE operations (
  id                  VARCHAR(200) PRIMARY KEY,
  type                VARCHAR(20)  NOT NULL,
  source              VARCHAR(20)  NOT NULL,
  state               VARCHAR(20)  NOT NULL,
  priority            INTEGER      NOT NULL,
  reason              TEXT,
  actor               VARCHAR(200),
  spec_json           TEXT         NOT NULL,
  created_at          BIGINT       NOT NULL,
  updated_at          BIGINT       NOT NULL,
  runner_id           VARCHAR(200),
  runner_heartbeat_at BIGINT,
  last_error          TEXT
);
CREATE INDEX operations_created ON operations (created_at);

CREATE TABLE heads (
  source       VARCHAR(20)  NOT NULL,
  dataset      VARCHAR(200) NOT NULL,
  period       VARCHAR(10)  NOT NULL,
  version_id   BIGINT       NOT NULL,
  operation_id VARCHAR(200),
  record_count BIGINT       NOT NULL,
  complete     BOOLEAN      NOT NULL,
  updated_at   BIGINT       NOT NULL,
  PRIMARY KEY (source, dataset, period)
);

-- Append-only and hash-chained: seq is allocated under the chain lock, never by a sequence, so
-- the chain is linear.
CREATE TABLE audit_log (
  seq          BIGINT       PRIMARY KEY,
  at           BIGINT       NOT NULL,
  actor        VARCHAR(200) NOT NULL,
  operation_id VARCHAR(200),
  action       VARCHAR(100) NOT NULL,
  detail       TEXT,
  prev_hash    VARCHAR(64)  NOT NULL,
  hash         VARCHAR(64)  NOT NULL
);
CREATE INDEX audit_log_operation ON audit_log (operation_id, seq);
