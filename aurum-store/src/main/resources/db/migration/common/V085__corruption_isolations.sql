-- Issue 18 (corruption isolate, release, recover): isolating a corrupted partition is store state,
-- so it survives restarts and every process sees it.
--
-- mode STRICT took the partition out of the current-data view: its head moved from
-- from_version_id (the corrupted version, kept as QUARANTINED) to to_version_id (the last good
-- version, or none when null), and the partition's outbox rows are held. mode LENIENT only flags
-- it (current_observations.flagged) and moves nothing. An isolation is open until released_at is
-- set; a partition has at most one open isolation. partition_key is the partition as outbox
-- payloads name it ("eia/ELEC.DEMAND/2024-12-20").
CREATE TABLE corruption_isolations (
  id              BIGINT       PRIMARY KEY,
  source          VARCHAR(20)  NOT NULL,
  dataset         VARCHAR(200) NOT NULL,
  period          VARCHAR(10)  NOT NULL,
  partition_key   VARCHAR(240) NOT NULL,
  mode            VARCHAR(10)  NOT NULL,
  kinds           TEXT,
  from_version_id BIGINT,
  to_version_id   BIGINT,
  reason          TEXT,
  actor           VARCHAR(200) NOT NULL,
  isolated_at     BIGINT       NOT NULL,
  released_at     BIGINT,
  released_by     VARCHAR(200),
  release_reason  TEXT,
  outcome         VARCHAR(20)
);
CREATE INDEX corruption_isolations_partition
  ON corruption_isolations (source, dataset, period, released_at);
