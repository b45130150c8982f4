-- 0005: the government of an item whose document lists the targets of
-- several (a city's notice with a list for each district, "上城区政府年度民生实事
-- 项目"). The item keeps that region where it differs from its document's;
-- target_progress, and so latest_reports and every analyst view, prefer it;
-- item_regions lists each document's such regions once, for the region
-- lookup of report (a scan of a few rows, not of every item).

ALTER TABLE items ADD COLUMN province TEXT;
ALTER TABLE items ADD COLUMN city TEXT;
ALTER TABLE items ADD COLUMN county TEXT;

CREATE TABLE item_regions (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    province    TEXT,
    city        TEXT,
    county      TEXT
);

CREATE INDEX item_regions_document ON item_regions (document_id);

DROP VIEW target_progress;

CREATE VIEW target_progress AS
SELECT
    t.id              AS target_id,
    t.document_id     AS document_id,
    t.item_id         AS item_id,
    t.seq             AS seq,
    COALESCE(i.province, d.province) AS province,
    COALESCE(i.city, d.city)         AS city,
    COALESCE(i.county, d.county)     AS county,
    d.year            AS year,
    d.kind            AS doc_kind,
    d.source          AS source,
    d.title           AS title,
    d.doc_no          AS doc_no,
    d.published       AS published,
    i.section         AS section,
    i.kind            AS kind,
    i.item_no         AS item_no,
    i.name            AS name,
    i.lead_units      AS lead_units,
    i.support_units   AS support_units,
    t.metric          AS metric,
    t.value           AS target_value,
    t.unit            AS unit,
    t.qualifier       AS qualifier,
    t.raw             AS target_raw,
    t.deadline_raw    AS deadline_raw,
    t.deadline        AS deadline,
    t.budget_wan      AS budget_wan,
    t.flags           AS flags,
    p.as_of_raw       AS as_of_raw,
    p.as_of           AS as_of,
    p.completed_value AS completed_value,
    p.rate_pct        AS rate_pct,
    p.status          AS status,
    p.raw             AS progress_raw,
    CASE
        WHEN p.status IN ('behind', 'not_completed') THEN 1
        WHEN p.rate_pct < 100 AND (p.status IS NULL OR p.status <> 'completed')
             AND t.deadline IS NOT NULL AND COALESCE(p.as_of, d.published) >= t.deadline THEN 1
        ELSE 0
    END               AS behind
FROM targets t
JOIN items i ON i.id = t.item_id
JOIN documents d ON d.id = t.document_id
LEFT JOIN progress p ON p.target_id = t.id;
