CREATE TABLE tasks (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  operation_id    TEXT    NOT NULL REFERENCES operations (id),
  source          TEXT    NOT NULL,
  dataset         TEXT    NOT NULL,
  period          TEXT    NOT NULL,
  task_window     TEXT,
  state           TEXT    NOT NULL,
  priority        INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner     TEXT,
  lease_until     INTEGER,
  last_error      TEXT,
  base_version_id INTEGER,
  version_id      INTEGER,
  records         INTEGER NOT NULL DEFAULT 0,
  api_calls       INTEGER NOT NULL DEFAULT 0,
  bytes           INTEGER NOT NULL DEFAULT 0,
  retries         INTEGER NOT NULL DEFAULT 0,
  errors          INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX tasks_claim ON tasks (operation_id, state, priority, id);
CREATE INDEX tasks_lease ON tasks (state, lease_until);

CREATE TABLE partition_versions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  source         TEXT    NOT NULL,
  dataset        TEXT    NOT NULL,
  period         TEXT    NOT NULL,
  version_no     INTEGER NOT NULL,
  operation_id   TEXT,
  task_id        INTEGER,
  state          TEXT    NOT NULL,
  record_count   INTEGER NOT NULL DEFAULT 0,
  checksum       TEXT,
  schema_version TEXT,
  quality_score  REAL,
  created_at     INTEGER NOT NULL,
  published_at   INTEGER,
  UNIQUE (source, dataset, period, version_no)
);
CREATE INDEX partition_versions_operation ON partition_versions (operation_id, state);

-- No foreign key here: the hot path inserts hundreds of thousands of rows per second.
CREATE TABLE observations (
  version_id INTEGER NOT NULL,
  series_id  TEXT    NOT NULL,
  period     INTEGER NOT NULL,
  value      REAL    NOT NULL,
  unit       TEXT,
  attributes TEXT
);
CREATE INDEX observations_version ON observations (version_id);

CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         INTEGER NOT NULL,
  topic      TEXT    NOT NULL,
  payload    TEXT    NOT NULL,
  relayed_at INTEGER
);
