-- Issue 18: when each task was last claimed, by the store's clock, read after the claim has
-- checked the emergencies (see JdbcTaskRepository): an emergency's declared_at and a task's
-- claimed_at are comparable, so "no task of a covered operation was claimed after the stop was
-- recorded" is something a drill can check in the store.
ALTER TABLE tasks ADD COLUMN claimed_at BIGINT;
