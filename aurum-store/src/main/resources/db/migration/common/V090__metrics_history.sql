-- Issue 19 part 2: the history of what operations did, so that figures survive restarts.
-- metric_samples: one row per sample of an operation run (a resume is a new run, told apart by
-- run_started), written every few seconds while it runs and once, with last = 1, when it ends.
-- Counters count from the run's start. Times are epoch milliseconds (UTC).
CREATE TABLE metric_samples (
  operation_id   VARCHAR(200) NOT NULL,
  source         VARCHAR(20)  NOT NULL,
  operation_type VARCHAR(20)  NOT NULL,
  run_started    BIGINT       NOT NULL,
  sampled_at     BIGINT       NOT NULL,
  last           INTEGER      NOT NULL,
  records        BIGINT       NOT NULL,
  partitions     BIGINT       NOT NULL,
  failed         BIGINT       NOT NULL,
  requests       BIGINT       NOT NULL,
  request_errors BIGINT       NOT NULL,
  bytes          BIGINT       NOT NULL,
  memory_bytes   BIGINT       NOT NULL
);
CREATE INDEX metric_samples_by_time ON metric_samples (sampled_at);
CREATE INDEX metric_samples_by_operation ON metric_samples (operation_id, sampled_at);

-- metric_source_minutes: upstream traffic of a source per minute; several processes add to one
-- row. quota_left is the lowest headroom seen (NULL: none reported), breaker_open 1 if a breaker
-- of the source was open at some point of the minute.
CREATE TABLE metric_source_minutes (
  source       VARCHAR(20) NOT NULL,
  minute       BIGINT      NOT NULL,
  requests     BIGINT      NOT NULL,
  throttled    BIGINT      NOT NULL,
  errors       BIGINT      NOT NULL,
  quota_left   BIGINT,
  breaker_open INTEGER     NOT NULL,
  PRIMARY KEY (source, minute)
);
