-- Issue 15: the fetch window, not the partition, is the unit of upstream work. Tasks of one window
-- share a fetch_group (an ordinal within the operation): they are claimed together and fetched by
-- one run of requests, then each partition is published on its own. Tasks written before this
-- migration are windows of one partition each.
ALTER TABLE tasks ADD COLUMN fetch_group BIGINT;
UPDATE tasks SET fetch_group = id;
CREATE INDEX tasks_pending_group ON tasks (operation_id, fetch_group) WHERE state = 'PENDING';
