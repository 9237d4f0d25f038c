-- Issue 5 (rollback). A version remembers whether it was complete, so a rollback can restore the
-- coverage flag of the head it moves back to without recomputing it.
ALTER TABLE partition_versions ADD COLUMN complete BOOLEAN;

-- The head moves of each rollback: the set-based UPDATE reads them, and they stay as its record.
CREATE TABLE rollback_moves (
  rollback_id     VARCHAR(200) NOT NULL,
  source          VARCHAR(20)  NOT NULL,
  dataset         VARCHAR(200) NOT NULL,
  period          VARCHAR(10)  NOT NULL,
  from_version_id BIGINT       NOT NULL,
  to_version_id   BIGINT,
  PRIMARY KEY (rollback_id, source, dataset, period)
);

CREATE INDEX heads_operation ON heads (operation_id);
