-- 0001: documents, their items, targets and progress, and the target_progress view.
-- {{id}} is the dialect's auto-numbered primary key column type.

CREATE TABLE documents (
    id           {{id}},
    sha256       TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    title        TEXT,
    doc_no       TEXT,
    issuer       TEXT,
    published    TEXT,
    year         INTEGER,
    province     TEXT,
    city         TEXT,
    county       TEXT,
    kind         TEXT NOT NULL,
    format       TEXT,
    charset      TEXT,
    ingested_at  TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    CHECK (kind IN ('plan', 'candidates', 'progress', 'supervision', 'other'))
);

CREATE INDEX documents_source ON documents (source);
CREATE INDEX documents_year_county ON documents (year, county);

CREATE TABLE document_sources (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source      TEXT NOT NULL UNIQUE
);

CREATE INDEX document_sources_document ON document_sources (document_id);

CREATE TABLE ingest_failures (
    id        {{id}},
    source    TEXT NOT NULL UNIQUE,
    sha256    TEXT,
    error     TEXT NOT NULL,
    failed_at TEXT NOT NULL
);

CREATE TABLE items (
    id            {{id}},
    document_id   BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    section       TEXT,
    kind          TEXT NOT NULL,
    item_no       TEXT,
    name          TEXT NOT NULL,
    lead_units    TEXT NOT NULL,
    support_units TEXT NOT NULL,
    UNIQUE (document_id, section, item_no, name),
    CHECK (kind IN ('livelihood', 'key_work', 'other'))
);

CREATE INDEX items_document ON items (document_id);

CREATE TABLE targets (
    id           {{id}},
    document_id  BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    item_id      BIGINT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    metric       TEXT,
    value        DOUBLE PRECISION,
    unit         TEXT,
    qualifier    TEXT,
    raw          TEXT NOT NULL,
    deadline_raw TEXT,
    deadline     TEXT,
    budget_wan   DOUBLE PRECISION,
    breakdown    TEXT NOT NULL,
    flags        TEXT NOT NULL,
    milestones   TEXT NOT NULL,
    prov_page    INTEGER,
    prov_table   INTEGER,
    prov_row     INTEGER,
    prov_col     INTEGER,
    prov_line    INTEGER,
    record       TEXT NOT NULL,
    UNIQUE (document_id, seq),
    CHECK (qualifier IN ('at_least', 'at_most', 'approx'))
);

CREATE INDEX targets_document ON targets (document_id);
CREATE INDEX targets_item ON targets (item_id);

CREATE TABLE progress (
    id              {{id}},
    target_id       BIGINT NOT NULL UNIQUE REFERENCES targets (id) ON DELETE CASCADE,
    as_of_raw       TEXT,
    as_of           TEXT,
    completed_value DOUBLE PRECISION,
    rate_pct        DOUBLE PRECISION,
    status          TEXT,
    raw             TEXT,
    CHECK (status IN ('completed', 'on_track', 'behind', 'not_completed'))
);

CREATE INDEX progress_target ON progress (target_id);

CREATE VIEW target_progress AS
SELECT
    t.id              AS target_id,
    t.document_id     AS document_id,
    t.item_id         AS item_id,
    t.seq             AS seq,
    d.province        AS province,
    d.city            AS city,
    d.county          AS county,
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
