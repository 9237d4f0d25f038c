-- Issue 18 part 6: the progress of `aurum emergency recover`, so that running a plan again resumes
-- from its first unfinished step. One row per step of a plan (plan_id is the plan file's id):
-- state RUNNING while it runs (operation_id names the replay or resumed operation it drives, so a
-- rerun resumes that operation instead of creating another), DONE once its gate passed, FAILED
-- when its gate failed (a rerun runs it again).
CREATE TABLE recovery_steps (
  plan_id      VARCHAR(200) NOT NULL,
  step_id      VARCHAR(100) NOT NULL,
  kind         VARCHAR(40)  NOT NULL,
  state        VARCHAR(20)  NOT NULL,
  operation_id VARCHAR(200),
  detail       TEXT,
  actor        VARCHAR(200) NOT NULL,
  reason       TEXT,
  started_at   BIGINT       NOT NULL,
  finished_at  BIGINT,
  PRIMARY KEY (plan_id, step_id)
);

-- Operations a recovery started or took over: the isolation of their source does not stop them
-- (recovery runs while the source is isolated; its outbox rows stay held until the isolation's
-- release, the plan's last step). An emergency STOP still does.
ALTER TABLE operations ADD COLUMN recovery BOOLEAN NOT NULL DEFAULT FALSE;
