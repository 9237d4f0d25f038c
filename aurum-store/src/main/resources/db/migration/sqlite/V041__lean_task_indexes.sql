-- Every claim and every publish changes a task's state. With state in two full indexes, each of
-- those moves deleted and re-inserted an entry in both: four index moves per task, on SQLite's
-- one writer. Partial indexes hold only the rows their queries look for: the claim's PENDING
-- tasks and the lease sweep's RUNNING ones. A task is then removed from the first when claimed,
-- added to the second, and removed from it when it finishes. Queries by operation (progress,
-- listing, cancel, requeue) use the operation index, whose column never changes.
DROP INDEX tasks_claim;
DROP INDEX tasks_lease;
CREATE INDEX tasks_operation ON tasks (operation_id);
CREATE INDEX tasks_pending ON tasks (operation_id, priority, id) WHERE state = 'PENDING';
CREATE INDEX tasks_running ON tasks (lease_until) WHERE state = 'RUNNING';
