-- Cross-document links between targets and the progress that reports on them
-- (target_links) and the decisions people make about them; the latest
-- reported completion of every target (target_latest); the analyst views; and
-- the metric names that make one metric comparable across cities.
-- {{id}} is the dialect's auto-numbered primary key column type.

-- A link says that a target of a progress document (a bulletin) reports on a
-- target of a plan of the same region and year. It is keyed by the documents'
-- sha256 and the targets' seq, which survive re-ingesting; the target ids are
-- filled in while both documents are stored and set to NULL when one is not.
CREATE TABLE target_links (
    id                 {{id}},
    progress_sha256    TEXT NOT NULL,
    progress_seq       INTEGER NOT NULL,
    plan_sha256        TEXT NOT NULL,
    plan_seq           INTEGER NOT NULL,
    progress_target_id BIGINT REFERENCES targets (id) ON DELETE SET NULL,
    plan_target_id     BIGINT REFERENCES targets (id) ON DELETE SET NULL,
    confidence         DOUBLE PRECISION NOT NULL,
    rule               TEXT NOT NULL,
    decision           TEXT,
    decided_by         TEXT,
    decided_at         TEXT,
    linked_at          TEXT NOT NULL,
    UNIQUE (progress_sha256, progress_seq, plan_sha256, plan_seq),
    CHECK (decision IN ('confirmed', 'rejected'))
);

CREATE INDEX target_links_progress_target ON target_links (progress_target_id);
CREATE INDEX target_links_plan_target ON target_links (plan_target_id);
CREATE INDEX target_links_plan_key ON target_links (plan_sha256, plan_seq);

-- Report queries filter documents by region and year and join progress by
-- target.
CREATE INDEX documents_region_year ON documents (province, city, county, year);
CREATE INDEX documents_year_kind ON documents (year, kind);

-- Every target that is not itself a report on another document's target, with
-- its latest reported completion: from its own document's progress or from the
-- progress of a linked target, whichever is latest (as-of date, else publish
-- date).
CREATE VIEW target_latest AS
SELECT
    t.target_id       AS target_id,
    t.document_id     AS document_id,
    t.item_id         AS item_id,
    t.seq             AS seq,
    t.province        AS province,
    t.city            AS city,
    t.county          AS county,
    t.year            AS year,
    t.doc_kind        AS doc_kind,
    t.source          AS source,
    t.title           AS title,
    t.doc_no          AS doc_no,
    t.published       AS published,
    t.section         AS section,
    t.kind            AS kind,
    t.item_no         AS item_no,
    t.name            AS name,
    t.lead_units      AS lead_units,
    t.support_units   AS support_units,
    t.metric          AS metric,
    t.target_value    AS target_value,
    t.unit            AS unit,
    t.qualifier       AS qualifier,
    t.target_raw      AS target_raw,
    t.deadline_raw    AS deadline_raw,
    t.deadline        AS deadline,
    t.budget_wan      AS budget_wan,
    t.flags           AS flags,
    r.id              AS report_target_id,
    rd.source         AS report_source,
    rd.kind           AS report_doc_kind,
    rd.doc_no         AS report_doc_no,
    rd.published      AS report_published,
    l.id              AS link_id,
    l.confidence      AS link_confidence,
    p.as_of_raw       AS as_of_raw,
    p.as_of           AS as_of,
    p.completed_value AS completed_value,
    p.rate_pct        AS rate_pct,
    p.status          AS status,
    p.raw             AS progress_raw,
    CASE
        WHEN p.status IN ('behind', 'not_completed') THEN 1
        WHEN p.rate_pct < 100 AND (p.status IS NULL OR p.status <> 'completed')
             AND COALESCE(t.deadline, r.deadline) IS NOT NULL
             AND COALESCE(p.as_of, rd.published) >= COALESCE(t.deadline, r.deadline) THEN 1
        ELSE 0
    END               AS behind
FROM (
    SELECT tp.*, (
        SELECT c.id
        FROM (
            SELECT tp.target_id AS id
            UNION ALL
            SELECT x.progress_target_id FROM target_links x
            WHERE x.plan_target_id = tp.target_id AND (x.decision IS NULL OR x.decision = 'confirmed')
        ) c
        JOIN progress cp ON cp.target_id = c.id
        JOIN targets ct ON ct.id = c.id
        JOIN documents cd ON cd.id = ct.document_id
        ORDER BY COALESCE(cp.as_of, cd.published, '') DESC, COALESCE(cd.published, '') DESC, c.id DESC
        LIMIT 1) AS report_id
    FROM target_progress tp
    WHERE NOT EXISTS (
        SELECT 1 FROM target_links x
        WHERE x.progress_target_id = tp.target_id AND x.plan_target_id IS NOT NULL
          AND (x.decision IS NULL OR x.decision = 'confirmed'))
) t
LEFT JOIN targets r ON r.id = t.report_id
LEFT JOIN documents rd ON rd.id = r.document_id
LEFT JOIN progress p ON p.target_id = r.id
LEFT JOIN target_links l
    ON l.progress_target_id = r.id AND l.plan_target_id = t.target_id
   AND (l.decision IS NULL OR l.decision = 'confirmed');

-- Analyst views.

CREATE VIEW targets_behind AS
SELECT * FROM target_latest WHERE behind = 1;

CREATE VIEW targets_without_progress AS
SELECT * FROM target_latest WHERE report_target_id IS NULL;

CREATE VIEW completion_summary AS
SELECT
    province, city, county, year, kind,
    COUNT(*) AS targets,
    SUM(CASE WHEN report_target_id IS NOT NULL THEN 1 ELSE 0 END) AS reported,
    SUM(CASE WHEN status = 'completed' OR (status IS NULL AND rate_pct >= 100) THEN 1 ELSE 0 END) AS completed,
    SUM(behind) AS behind,
    AVG(CASE WHEN rate_pct > 100 THEN 100.0 ELSE rate_pct END) AS mean_rate_pct
FROM target_latest
GROUP BY province, city, county, year, kind;

CREATE VIEW target_history AS
SELECT
    t.id              AS target_id,
    t.id              AS report_target_id,
    CAST(NULL AS BIGINT) AS link_id,
    d.source          AS report_source,
    d.kind            AS report_doc_kind,
    d.doc_no          AS report_doc_no,
    d.published       AS report_published,
    p.as_of_raw       AS as_of_raw,
    p.as_of           AS as_of,
    p.completed_value AS completed_value,
    p.rate_pct        AS rate_pct,
    p.status          AS status,
    p.raw             AS progress_raw
FROM targets t
JOIN documents d ON d.id = t.document_id
JOIN progress p ON p.target_id = t.id
WHERE NOT EXISTS (
    SELECT 1 FROM target_links x
    WHERE x.progress_target_id = t.id AND x.plan_target_id IS NOT NULL
      AND (x.decision IS NULL OR x.decision = 'confirmed'))
UNION ALL
SELECT
    l.plan_target_id, l.progress_target_id, l.id,
    d.source, d.kind, d.doc_no, d.published,
    p.as_of_raw, p.as_of, p.completed_value, p.rate_pct, p.status, p.raw
FROM target_links l
JOIN targets rt ON rt.id = l.progress_target_id
JOIN documents d ON d.id = rt.document_id
JOIN progress p ON p.target_id = rt.id
WHERE l.plan_target_id IS NOT NULL AND (l.decision IS NULL OR l.decision = 'confirmed');

-- Metric names: a target whose metric contains pattern counts as metric,
-- compared in unit.
CREATE TABLE metric_names (
    pattern TEXT NOT NULL PRIMARY KEY,
    metric  TEXT NOT NULL,
    unit    TEXT NOT NULL
);

INSERT INTO metric_names (pattern, metric, unit) VALUES
    ('托位', '托位', '个'),
    ('老旧小区', '老旧小区改造', '个'),
    ('加装电梯', '加装电梯', '台'),
    ('阳光厨房', '阳光厨房', '家'),
    ('停车位', '停车位', '个'),
    ('充电桩', '充电桩', '个'),
    ('养老床位', '养老床位', '张'),
    ('学位', '学位', '个'),
    ('公厕', '公厕', '座'),
    ('棚户区改造', '棚户区改造', '套'),
    ('城镇新增就业', '城镇新增就业', '人');

CREATE VIEW metric_comparison AS
SELECT
    m.metric               AS metric,
    m.unit                 AS unit,
    tl.province            AS province,
    tl.city                AS city,
    tl.county              AS county,
    tl.year                AS year,
    COUNT(*)               AS targets,
    SUM(tl.target_value)   AS target_value,
    SUM(tl.completed_value) AS completed_value,
    MAX(tl.as_of)          AS as_of
FROM target_latest tl
JOIN metric_names m ON tl.metric LIKE '%' || m.pattern || '%' AND tl.unit = m.unit
GROUP BY m.metric, m.unit, tl.province, tl.city, tl.county, tl.year;
