-- Crawler state: sites, frontier, seen URLs with their validators, attachments
-- linked to their articles, and the crawl lock.
SELECT 1;
