-- Issue 16: tampering is detected.
--
-- The audit chain proves every entry follows the one before it, but not that nothing follows the
-- last one: deleting the newest entries left a shorter chain that still verified. audit_anchor
-- holds the chain's length and head hash outside the chain, in one row that every append updates
-- in its own transaction, under the chain lock. Appends continue from the anchor, not from the last
-- surviving row, so a truncation stays visible after later appends too. The anchor of a database
-- made before this migration is its chain as it stands (seq 0 and the genesis hash when empty):
-- what happened before the upgrade cannot be proven either way.
CREATE TABLE audit_anchor (
  id   INTEGER     PRIMARY KEY CHECK (id = 1),
  seq  BIGINT      NOT NULL,
  hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_anchor (id, seq, hash)
SELECT 1,
       COALESCE(MAX(seq), 0),
       COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
FROM audit_log;

-- The checksum covers a version's values, not its rows' attributes (provenance), so that two
-- fetches of the same data compare equal. attributes_digest covers the attributes: the sum modulo
-- 2^256 of SHA-256(series, period, attributes) over the rows that have attributes
-- (io.aurum.core.model.AttributeDigest), which staging can add to batch by batch. NULL: the version
-- was written before this migration and its attributes are not covered.
ALTER TABLE partition_versions ADD COLUMN attributes_digest VARCHAR(64);
