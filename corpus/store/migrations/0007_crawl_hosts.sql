-- 0007: hosts that asked the crawler to stay away (a 429 or 503 with a
-- Retry-After longer than the crawl waits), until when; the next crawl does
-- not ask them again before then.

CREATE TABLE crawl_hosts (
    host         TEXT NOT NULL PRIMARY KEY,
    paused_until TEXT NOT NULL,
    reason       TEXT NOT NULL
);
