-- Issue 16: who drives a RUNNING operation, so that a crashed owner shows STALLED and a resume on
-- the same host takes the operation over at once when the owner is provably gone (its pid is not
-- running, or runs a process started at another time: a reused pid). runner_started_at is the
-- owner process's start (epoch ms), not the run's. All three are null when no runner holds it.
ALTER TABLE operations ADD COLUMN runner_host VARCHAR(255);
ALTER TABLE operations ADD COLUMN runner_pid BIGINT;
ALTER TABLE operations ADD COLUMN runner_started_at BIGINT;
