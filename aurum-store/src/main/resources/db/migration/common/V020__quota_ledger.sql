-- The quota of each source and API key, shared by every operation and process on this database:
-- one fixed-window counter per (source, key, period), and the source's circuit breaker.
-- key_id is a fingerprint of the API key (never the key itself).
CREATE TABLE quota_windows (
  source         VARCHAR(20)  NOT NULL,
  key_id         VARCHAR(64)  NOT NULL,
  period_seconds BIGINT       NOT NULL,
  window_start   BIGINT       NOT NULL,
  used           BIGINT       NOT NULL,
  PRIMARY KEY (source, key_id, period_seconds)
);

CREATE TABLE source_breakers (
  source     VARCHAR(20)  NOT NULL,
  key_id     VARCHAR(64)  NOT NULL,
  open_until BIGINT       NOT NULL,
  reason     TEXT,
  PRIMARY KEY (source, key_id)
);
