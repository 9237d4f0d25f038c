-- The downstream read path: rows of head versions, periods as timestamptz (Grafana-friendly).
CREATE VIEW current_observations AS
SELECT h.source             AS source,
       h.dataset            AS dataset,
       o.series_id          AS series_id,
       to_timestamp(o.period) AS period,
       o.value              AS value,
       o.unit               AS unit,
       v.version_no         AS version_no,
       v.operation_id       AS operation_id
FROM heads h
JOIN partition_versions v ON v.id = h.version_id
JOIN observations o ON o.version_id = h.version_id;
