-- Crawler state: sites and their runs, the frontier, seen URLs with their
-- validators, attachments linked to their articles, and the crawl lock.
-- {{id}} is the dialect's auto-numbered primary key column type.

CREATE TABLE crawl_sites (
    site            TEXT NOT NULL PRIMARY KEY,
    run_id          TEXT,
    run_started_at  TEXT,
    last_success_at TEXT,
    last_summary    TEXT
);

CREATE TABLE crawl_frontier (
    id        {{id}},
    url       TEXT NOT NULL UNIQUE,
    site      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    parent    TEXT,
    depth     INTEGER NOT NULL,
    meta      TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    CHECK (kind IN ('list', 'article', 'attachment'))
);

CREATE INDEX crawl_frontier_site ON crawl_frontier (site, id);

CREATE TABLE crawl_seen (
    url           TEXT NOT NULL PRIMARY KEY,
    site          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    run_id        TEXT NOT NULL,
    status        INTEGER,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT,
    meta          TEXT NOT NULL,
    fetched_at    TEXT NOT NULL,
    changed_at    TEXT,
    error         TEXT,
    CHECK (kind IN ('list', 'article', 'attachment'))
);

CREATE INDEX crawl_seen_site ON crawl_seen (site, kind);

CREATE TABLE crawl_attachments (
    article_url    TEXT NOT NULL,
    attachment_url TEXT NOT NULL,
    link_text      TEXT NOT NULL,
    PRIMARY KEY (article_url, attachment_url)
);

CREATE INDEX crawl_attachments_attachment ON crawl_attachments (attachment_url);

CREATE TABLE crawl_lock (
    name         TEXT NOT NULL PRIMARY KEY,
    holder_pid   INTEGER NOT NULL,
    holder_host  TEXT NOT NULL,
    token        TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
