-- Issue 5 (retention). Superseded versions purged by `aurum cleanup --purge-superseded`: a
-- rollback that would need one of them is refused instead of skipping to an older version.
CREATE TABLE purged_versions (
  source     VARCHAR(20)  NOT NULL,
  dataset    VARCHAR(200) NOT NULL,
  period     VARCHAR(10)  NOT NULL,
  version_no INTEGER      NOT NULL,
  version_id BIGINT       NOT NULL,
  PRIMARY KEY (source, dataset, period, version_no)
);
