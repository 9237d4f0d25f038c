-- Issue 19 part 3: alerts are store state, so any live Aurum process can evaluate them (one at a
-- time, under the lease below) and a stalled operation still alerts.
--
-- A rule watches one metric (error_rate, duration, throughput) in a scope: every source and type
-- (both scope columns null), one source (its CLI name), one operation type, or both.
CREATE TABLE alert_rules (
  id               BIGINT           PRIMARY KEY,
  metric           VARCHAR(20)      NOT NULL,
  threshold        DOUBLE PRECISION NOT NULL,
  scope_source     VARCHAR(20),
  scope_type       VARCHAR(20),
  window_seconds   BIGINT           NOT NULL,
  pending_seconds  BIGINT           NOT NULL,
  channels         VARCHAR(100)     NOT NULL,
  policy           VARCHAR(40)      NOT NULL,
  escalate_seconds BIGINT           NOT NULL,
  actor            VARCHAR(200)     NOT NULL,
  created_at       BIGINT           NOT NULL
);

-- One row per rule that ever breached: PENDING, FIRING or RESOLVED, the episode (a new one each
-- time a resolved alert breaches again; with the rule id it is the PagerDuty dedup_key) and the
-- channels told it fired (comma-separated), which get the resolve notice.
CREATE TABLE alert_state (
  rule_id       BIGINT           PRIMARY KEY,
  episode       BIGINT           NOT NULL,
  state         VARCHAR(20)      NOT NULL,
  value         DOUBLE PRECISION NOT NULL,
  threshold     DOUBLE PRECISION NOT NULL,
  pending_since BIGINT           NOT NULL,
  firing_at     BIGINT,
  resolved_at   BIGINT,
  notified      VARCHAR(100)     NOT NULL,
  summary       TEXT             NOT NULL
);

-- Every notice sent or attempted (alerts history). No endpoint or key is ever stored.
CREATE TABLE alert_notices (
  id        BIGINT       PRIMARY KEY,
  at        BIGINT       NOT NULL,
  rule_id   BIGINT       NOT NULL,
  dedup_key VARCHAR(200) NOT NULL,
  channel   VARCHAR(20)  NOT NULL,
  action    VARCHAR(20)  NOT NULL,
  sent      BOOLEAN      NOT NULL,
  summary   TEXT         NOT NULL,
  detail    TEXT
);

-- The evaluation lease: one row; the process whose owner id it holds, until lease_until (epoch
-- ms), is the one that evaluates and notifies. Others skip until it lapses.
CREATE TABLE alert_lease (
  id          INTEGER      PRIMARY KEY,
  owner       VARCHAR(200),
  lease_until BIGINT       NOT NULL
);
INSERT INTO alert_lease (id, owner, lease_until) VALUES (1, NULL, 0);
