-- The rows of target_latest, stored: every target that is not itself a report
-- on another document's target, with its latest reported completion. Every
-- write that can change a row (storing or replacing a document, linking,
-- deciding a link) recomputes the rows it touches in its own transaction, so
-- that the report queries read an indexed table instead of computing the
-- latest report of every target they return.
-- {{key}} is the dialect's type of a primary key that holds another table's id.

CREATE TABLE latest_reports (
    target_id         {{key}} REFERENCES targets (id) ON DELETE CASCADE,
    document_id       BIGINT NOT NULL,
    item_id           BIGINT NOT NULL,
    seq               INTEGER NOT NULL,
    province          TEXT,
    city              TEXT,
    county            TEXT,
    year              INTEGER,
    doc_kind          TEXT NOT NULL,
    source            TEXT NOT NULL,
    title             TEXT,
    doc_no            TEXT,
    published         TEXT,
    section           TEXT,
    kind              TEXT NOT NULL,
    item_no           TEXT,
    name              TEXT NOT NULL,
    lead_units        TEXT NOT NULL,
    support_units     TEXT NOT NULL,
    metric            TEXT,
    target_value      DOUBLE PRECISION,
    unit              TEXT,
    qualifier         TEXT,
    target_raw        TEXT NOT NULL,
    deadline_raw      TEXT,
    deadline          TEXT,
    budget_wan        DOUBLE PRECISION,
    flags             TEXT NOT NULL,
    report_target_id  BIGINT,
    report_source     TEXT,
    report_doc_kind   TEXT,
    report_doc_no     TEXT,
    report_published  TEXT,
    link_id           BIGINT,
    link_confidence   DOUBLE PRECISION,
    as_of_raw         TEXT,
    as_of             TEXT,
    completed_value   DOUBLE PRECISION,
    rate_pct          DOUBLE PRECISION,
    status            TEXT,
    progress_raw      TEXT,
    behind            INTEGER NOT NULL
);

-- The rows of a store made before this migration, from the view they replace,
-- whose columns the table has, in the same order; then its indexes.
INSERT INTO latest_reports SELECT * FROM target_latest;

-- What the report queries select by: a city or a county and a year; a year
-- and a kind; and the document, by which every write recomputes rows.
CREATE INDEX latest_reports_document ON latest_reports (document_id);
CREATE INDEX latest_reports_city_year ON latest_reports (city, year);
CREATE INDEX latest_reports_county_year ON latest_reports (county, year);
CREATE INDEX latest_reports_year_kind ON latest_reports (year, kind);

-- The documents of a region and year, as linking finds them.
CREATE INDEX documents_group ON documents (year, COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, ''));

-- Indexes that a unique constraint's index already gives: each is written on
-- every load and serves no query the other does not.
DROP INDEX items_document;
DROP INDEX targets_document;
DROP INDEX progress_target;

-- The views over target_latest are made again over the table.
DROP VIEW metric_comparison;
DROP VIEW completion_summary;
DROP VIEW targets_without_progress;
DROP VIEW targets_behind;
DROP VIEW target_latest;

CREATE VIEW target_latest AS
SELECT * FROM latest_reports;

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
