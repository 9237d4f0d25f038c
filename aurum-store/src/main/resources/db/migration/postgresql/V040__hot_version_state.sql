-- Rollbacks and publishes flip partition_versions.state on many rows at once. With state out of
-- every index and free space left in each page, PostgreSQL updates those rows in place (HOT)
-- instead of inserting a new entry into every index for each of them.
DROP INDEX partition_versions_operation;
CREATE INDEX partition_versions_operation ON partition_versions (operation_id);
ALTER TABLE partition_versions SET (fillfactor = 80);
