-- Issue 18: emergencies are store state, so that one declared in one process is obeyed by runners
-- in every other (each reads the active ones every claim cycle) and survives restarts.
--
-- kind: STOP (operations in scope pause and none starts), ISOLATION (nothing runs or publishes for
-- the source; with isolate_kafka its outbox rows are held) or MONITOR (a raised level until
-- expires_at). The scope is every source (both scope columns null), one source, or one operation.
-- An emergency is active until released_at is set or, when expires_at is set, until then.
CREATE TABLE emergencies (
  id               BIGINT       PRIMARY KEY,
  kind             VARCHAR(20)  NOT NULL,
  scope_source     VARCHAR(20),
  scope_operation  VARCHAR(200),
  include_critical BOOLEAN      NOT NULL DEFAULT FALSE,
  level            VARCHAR(20),
  isolate_kafka    BOOLEAN      NOT NULL DEFAULT FALSE,
  reason           TEXT,
  actor            VARCHAR(200) NOT NULL,
  declared_at      BIGINT       NOT NULL,
  expires_at       BIGINT,
  released_at      BIGINT,
  released_by      VARCHAR(200),
  release_reason   TEXT
);
CREATE INDEX emergencies_open ON emergencies (released_at, kind);

-- The operations a STOP paused, in the order it paused them: what its release resumes. A runner
-- that pauses itself because a stop covers it adds itself here too.
CREATE TABLE emergency_paused (
  emergency_id BIGINT       NOT NULL,
  operation_id VARCHAR(200) NOT NULL,
  seq          BIGINT       NOT NULL,
  PRIMARY KEY (emergency_id, operation_id)
);

-- Critical operations (started with --critical) keep running through a STOP unless it includes
-- them; an ISOLATION stops them too.
ALTER TABLE operations ADD COLUMN critical BOOLEAN NOT NULL DEFAULT FALSE;

-- The source an outbox row belongs to, for holding a source's rows while it is isolated. Rows that
-- leave it null are matched by the partition their payload names ("partition":"SOURCE/...").
ALTER TABLE outbox ADD COLUMN source VARCHAR(20);
