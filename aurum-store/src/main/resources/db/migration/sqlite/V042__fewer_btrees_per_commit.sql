-- Every group commit writes each B-tree page it changed to the WAL, and on SQLite that is most of a
-- commit's cost: about 6 µs a page, two write() calls each. A publish touched two B-trees more
-- than it needed:
-- - heads was a rowid table plus the index behind its primary key. WITHOUT ROWID makes the key
--   the table: one B-tree, and a lookup by partition reads it directly.
-- - audit_log's seq was a BIGINT primary key, hence a separate unique index beside the rowid
--   table. As INTEGER PRIMARY KEY it is the rowid itself (the application still assigns it, under
--   the chain lock).
-- The view over heads is dropped while the table is rebuilt and created again unchanged.
DROP VIEW current_observations;

CREATE TABLE heads_rebuilt (
  source       VARCHAR(20)  NOT NULL,
  dataset      VARCHAR(200) NOT NULL,
  period       VARCHAR(10)  NOT NULL,
  version_id   BIGINT       NOT NULL,
  operation_id VARCHAR(200),
  record_count BIGINT       NOT NULL,
  complete     BOOLEAN      NOT NULL,
  updated_at   BIGINT       NOT NULL,
  PRIMARY KEY (source, dataset, period)
) WITHOUT ROWID;
INSERT INTO heads_rebuilt (source, dataset, period, version_id, operation_id, record_count,
                           complete, updated_at)
SELECT source, dataset, period, version_id, operation_id, record_count, complete, updated_at
FROM heads;
DROP TABLE heads;
ALTER TABLE heads_rebuilt RENAME TO heads;
CREATE INDEX heads_operation ON heads (operation_id);

CREATE TABLE audit_log_rebuilt (
  seq          INTEGER      PRIMARY KEY,
  at           BIGINT       NOT NULL,
  actor        VARCHAR(200) NOT NULL,
  operation_id VARCHAR(200),
  action       VARCHAR(100) NOT NULL,
  detail       TEXT,
  prev_hash    VARCHAR(64)  NOT NULL,
  hash         VARCHAR(64)  NOT NULL
);
INSERT INTO audit_log_rebuilt (seq, at, actor, operation_id, action, detail, prev_hash, hash)
SELECT seq, at, actor, operation_id, action, detail, prev_hash, hash
FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_rebuilt RENAME TO audit_log;
CREATE INDEX audit_log_operation ON audit_log (operation_id, seq);

CREATE VIEW current_observations AS
SELECT h.source                                              AS source,
       h.dataset                                             AS dataset,
       o.series_id                                           AS series_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', o.period, 'unixepoch') AS period,
       o.value                                               AS value,
       o.unit                                                AS unit,
       v.version_no                                          AS version_no,
       v.operation_id                                        AS operation_id
FROM heads h
JOIN partition_versions v ON v.id = h.version_id
JOIN observations o ON o.version_id = h.version_id;
