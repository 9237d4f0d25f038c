-- Issue 18: the current-data view says which rows belong to a partition flagged by a lenient
-- corruption isolation (strict ones are not in the view at all: their head moved).
CREATE OR REPLACE VIEW current_observations AS
SELECT h.source             AS source,
       h.dataset            AS dataset,
       o.series_id          AS series_id,
       to_timestamp(o.period) AS period,
       o.value              AS value,
       o.unit               AS unit,
       v.version_no         AS version_no,
       v.operation_id       AS operation_id,
       EXISTS (SELECT 1 FROM corruption_isolations i
               WHERE i.source = h.source AND i.dataset = h.dataset AND i.period = h.period
                 AND i.released_at IS NULL) AS flagged
FROM heads h
JOIN partition_versions v ON v.id = h.version_id
JOIN observations o ON o.version_id = h.version_id;
