// Package crawl owns finding and fetching notices on government sites: it
// walks the list pages of configured columns (政府信息公开, 通知公告, 督查通报),
// follows their pagination, fetches the articles they link to and the files
// (PDF, XLS, XLSX, DOC, DOCX) the articles attach, and hands each fetched
// document to a Sink, with the site's region and the article's title and date
// as loaders.Meta. It is built to run unattended every night for years.
//
// Politeness: robots.txt is honoured (its Crawl-delay too); every host has a
// rate limit and a concurrency limit; requests carry a configurable
// User-Agent; connect and read timeouts bound every attempt; 5xx, 429 (after
// its Retry-After) and timeouts are retried with exponential backoff and
// jitter, other 4xx never; redirects are bounded and must stay on the site's
// allowed hosts; bodies are capped; loopback and private addresses are
// refused at dial time, after name resolution, unless allowed.
//
// Incrementality: every URL fetched is remembered with its ETag,
// Last-Modified and the sha256 of its content, so that an unchanged page
// costs a 304 and a page republished unchanged is not loaded again. The
// frontier lives in the store, so a crawl killed at any moment resumes where
// it stopped; a lock in the store keeps two crawls off the same store.
//
// The fetcher is net/http with github.com/temoto/robotstxt and
// golang.org/x/time/rate rather than a crawling framework such as colly:
// colly ignores robots.txt unless told otherwise, cuts bodies at 10 MiB
// without an error, and its cache neither revalidates (no conditional GET) nor
// survives as crawl state, and it has no backoff for 429 and 5xx. Each of
// those would have to be worked around for a job that runs for years against
// small government servers.
package crawl
