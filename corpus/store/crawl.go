package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Kinds of crawled URLs.
const (
	CrawlList       = "list"       // a list page of a column (通知公告, 政府信息公开 …)
	CrawlArticle    = "article"    // a notice linked from a list page
	CrawlAttachment = "attachment" // a file linked from an article
)

// CrawlEntry is a URL waiting in the crawl frontier.
type CrawlEntry struct {
	URL    string
	Site   string
	Kind   string // CrawlList, CrawlArticle or CrawlAttachment
	Parent string // the page that linked to it, "" for a start page
	Depth  int    // a list page's page number from 1; 0 for other kinds
	Meta   string // JSON the crawler keeps with the URL (title, date …)
}

// CrawlSeen is what the crawler remembers of a URL it fetched.
type CrawlSeen struct {
	URL   string
	Site  string
	Kind  string
	RunID string // the run that fetched it last
	// Status is the HTTP status of the last fetch, 0 when no response came.
	Status int
	// ETag, LastModified and SHA256 validate the content last loaded; they are
	// "" when the content was never loaded.
	ETag         string
	LastModified string
	SHA256       string
	Meta         string // JSON, as in CrawlEntry
	FetchedAt    time.Time
	ChangedAt    time.Time // when the content last changed; zero when never loaded
	Error        string    // why the last fetch or load failed, "" when it did not
}

// CrawlLink links an article to a file it links to.
type CrawlLink struct {
	Article    string
	Attachment string
	Text       string // the link's text ("附件1：2023年民生实事项目完成情况表.xlsx")
}

// CrawlResult is what fetching one frontier entry gave.
type CrawlResult struct {
	Seen CrawlSeen
	// Found are the URLs to fetch next; a URL already fetched in the same run
	// or already waiting is not added again.
	Found []CrawlEntry
	// Attachments, when not nil, replace the links of the article Seen.URL.
	Attachments []CrawlLink
}

// CrawlLock names the holder of the crawl lock.
type CrawlLock struct {
	PID         int
	Host        string
	Token       string // tells holders apart; only the holder knows it
	StartedAt   time.Time
	HeartbeatAt time.Time
}

// ErrCrawlLocked is matched by a *CrawlLockedError.
var ErrCrawlLocked = errors.New("store: another crawl holds the lock")

// CrawlLockedError says who holds the crawl lock.
type CrawlLockedError struct{ Holder CrawlLock }

func (e *CrawlLockedError) Error() string {
	h := e.Holder
	return fmt.Sprintf("store: another crawl holds the lock: pid %d on host %s, started %s, last heartbeat %s",
		h.PID, h.Host, h.StartedAt.UTC().Format(time.RFC3339), h.HeartbeatAt.UTC().Format(time.RFC3339))
}

func (e *CrawlLockedError) Is(target error) bool { return target == ErrCrawlLocked }

const crawlLockName = "crawl"

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s.String)
	return t
}

// LockCrawl takes the crawl lock for me. When another holder has the lock and
// its last heartbeat is older than staleAfter, or it holds it from me.Host and
// no process with its pid runs there any more (a crawl killed with -9), the
// lock is taken over and the old holder returned; otherwise the error is a *CrawlLockedError naming the
// holder. me.StartedAt and me.HeartbeatAt are set to now when zero.
func (s *Store) LockCrawl(ctx context.Context, me CrawlLock, staleAfter time.Duration) (*CrawlLock, error) {
	if err := s.writable(); err != nil {
		return nil, err
	}
	if me.Token == "" {
		return nil, errors.New("store: lock crawl: empty token")
	}
	now := time.Now()
	if me.StartedAt.IsZero() {
		me.StartedAt = now
	}
	if me.HeartbeatAt.IsZero() {
		me.HeartbeatAt = now
	}
	r := s.dialect.rebind
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: lock crawl: %w", err)
	}
	defer tx.Rollback()
	var (
		old              CrawlLock
		started, beat    sql.NullString
		stale, takenOver bool
	)
	err = tx.QueryRowContext(ctx, r(`SELECT holder_pid, holder_host, token, started_at, heartbeat_at FROM crawl_lock WHERE name = ?`), crawlLockName).
		Scan(&old.PID, &old.Host, &old.Token, &started, &beat)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, r(`INSERT INTO crawl_lock (name, holder_pid, holder_host, token, started_at, heartbeat_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`),
			crawlLockName, me.PID, me.Host, me.Token, formatTime(me.StartedAt), formatTime(me.HeartbeatAt))
		if err != nil {
			return nil, fmt.Errorf("store: lock crawl: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, ErrCrawlLocked
		}
	case err != nil:
		return nil, fmt.Errorf("store: lock crawl: %w", err)
	default:
		old.StartedAt, old.HeartbeatAt = parseTime(started), parseTime(beat)
		last := old.HeartbeatAt
		if old.StartedAt.After(last) {
			last = old.StartedAt
		}
		stale = now.Sub(last) > staleAfter || old.Host == me.Host && old.PID != me.PID && processGone(old.PID)
		if !stale && old.Token != me.Token {
			return nil, &CrawlLockedError{Holder: old}
		}
		_, err := tx.ExecContext(ctx, r(`UPDATE crawl_lock SET holder_pid = ?, holder_host = ?, token = ?, started_at = ?, heartbeat_at = ?
			WHERE name = ? AND token = ?`),
			me.PID, me.Host, me.Token, formatTime(me.StartedAt), formatTime(me.HeartbeatAt), crawlLockName, old.Token)
		if err != nil {
			return nil, fmt.Errorf("store: lock crawl: %w", err)
		}
		takenOver = old.Token != me.Token
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: lock crawl: %w", err)
	}
	if takenOver {
		return &old, nil
	}
	return nil, nil
}

// ErrCrawlLockLost is returned by HeartbeatCrawl when the lock is no longer
// held with the token, because another crawl took it over.
var ErrCrawlLockLost = errors.New("store: the crawl lock was taken over by another crawl")

// HeartbeatCrawl tells that the holder of token is still alive.
func (s *Store) HeartbeatCrawl(ctx context.Context, token string) error {
	if err := s.writable(); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, s.dialect.rebind(`UPDATE crawl_lock SET heartbeat_at = ? WHERE name = ? AND token = ?`),
		formatTime(time.Now()), crawlLockName, token)
	if err != nil {
		return fmt.Errorf("store: crawl heartbeat: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrCrawlLockLost
	}
	return nil
}

// UnlockCrawl releases the lock if token still holds it.
func (s *Store) UnlockCrawl(ctx context.Context, token string) error {
	if err := s.writable(); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, s.dialect.rebind(`DELETE FROM crawl_lock WHERE name = ? AND token = ?`), crawlLockName, token)
	if err != nil {
		return fmt.Errorf("store: unlock crawl: %w", err)
	}
	return nil
}

// CrawlSite is the crawl state of one configured site.
type CrawlSite struct {
	Site          string
	RunID         string // the unfinished run, "" when none
	RunStartedAt  time.Time
	LastSuccessAt time.Time // when a run last went through to the end; zero if never
	LastSummary   string
}

// CrawlSiteState returns the state of site; a site never crawled has only its name.
func (s *Store) CrawlSiteState(ctx context.Context, site string) (CrawlSite, error) {
	st := CrawlSite{Site: site}
	var run, started, success, summary sql.NullString
	err := s.reader().QueryRowContext(ctx, s.dialect.rebind(`SELECT run_id, run_started_at, last_success_at, last_summary FROM crawl_sites WHERE site = ?`), site).
		Scan(&run, &started, &success, &summary)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("store: crawl site %s: %w", site, err)
	}
	st.RunID, st.LastSummary = run.String, summary.String
	st.RunStartedAt, st.LastSuccessAt = parseTime(started), parseTime(success)
	return st, nil
}

// reader is the pool reads go through: the read-write pool when there is one,
// so that a crawl reads its own writes.
func (s *Store) reader() *sql.DB {
	if s.db != nil {
		return s.db
	}
	return s.ro
}

// StartCrawlRun begins run runID of site and puts seeds in its frontier.
func (s *Store) StartCrawlRun(ctx context.Context, site, runID string, seeds []CrawlEntry) error {
	if err := s.writable(); err != nil {
		return err
	}
	r := s.dialect.rebind
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: start crawl of %s: %w", site, err)
	}
	defer tx.Rollback()
	now := formatTime(time.Now())
	if _, err := tx.ExecContext(ctx, r(`INSERT INTO crawl_sites (site, run_id, run_started_at) VALUES (?, ?, ?)
		ON CONFLICT (site) DO UPDATE SET run_id = excluded.run_id, run_started_at = excluded.run_started_at`), site, runID, now); err != nil {
		return fmt.Errorf("store: start crawl of %s: %w", site, err)
	}
	if err := s.enqueue(ctx, tx, runID, seeds, now); err != nil {
		return fmt.Errorf("store: start crawl of %s: %w", site, err)
	}
	return tx.Commit()
}

func (s *Store) enqueue(ctx context.Context, tx *sql.Tx, runID string, es []CrawlEntry, now string) error {
	if len(es) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, s.dialect.rebind(`INSERT INTO crawl_frontier (url, site, kind, parent, depth, meta, added_at)
		SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT)
		WHERE NOT EXISTS (SELECT 1 FROM crawl_seen WHERE url = ? AND run_id = ?)
		ON CONFLICT (url) DO NOTHING`))
	if err != nil {
		return err
	}
	defer st.Close()
	for _, e := range es {
		meta := e.Meta
		if meta == "" {
			meta = "{}"
		}
		if _, err := st.ExecContext(ctx, e.URL, e.Site, e.Kind, nullIfEmpty(e.Parent), e.Depth, meta, now, e.URL, runID); err != nil {
			return fmt.Errorf("frontier %s: %w", e.URL, err)
		}
	}
	return nil
}

// FinishCrawlRun ends run runID of site: its frontier is emptied and the
// time and summary of its success recorded.
func (s *Store) FinishCrawlRun(ctx context.Context, site, runID, summary string) error {
	if err := s.writable(); err != nil {
		return err
	}
	r := s.dialect.rebind
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: finish crawl of %s: %w", site, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, r(`DELETE FROM crawl_frontier WHERE site = ?`), site); err != nil {
		return fmt.Errorf("store: finish crawl of %s: %w", site, err)
	}
	if _, err := tx.ExecContext(ctx, r(`UPDATE crawl_sites SET run_id = NULL, last_success_at = ?, last_summary = ? WHERE site = ? AND run_id = ?`),
		formatTime(time.Now()), summary, site, runID); err != nil {
		return fmt.Errorf("store: finish crawl of %s: %w", site, err)
	}
	return tx.Commit()
}

// CrawlPending returns up to limit entries of site's frontier, oldest first.
func (s *Store) CrawlPending(ctx context.Context, site string, limit int) ([]CrawlEntry, error) {
	rows, err := s.reader().QueryContext(ctx, s.dialect.rebind(`SELECT url, site, kind, parent, depth, meta FROM crawl_frontier
		WHERE site = ? ORDER BY id LIMIT ?`), site, limit)
	if err != nil {
		return nil, fmt.Errorf("store: crawl frontier: %w", err)
	}
	defer rows.Close()
	var es []CrawlEntry
	for rows.Next() {
		var e CrawlEntry
		var parent sql.NullString
		if err := rows.Scan(&e.URL, &e.Site, &e.Kind, &parent, &e.Depth, &e.Meta); err != nil {
			return nil, fmt.Errorf("store: crawl frontier: %w", err)
		}
		e.Parent = parent.String
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: crawl frontier: %w", err)
	}
	return es, nil
}

const seenColumns = `url, site, kind, run_id, status, etag, last_modified, sha256, meta, fetched_at, changed_at, error`

func scanSeen(sc interface{ Scan(...any) error }) (CrawlSeen, error) {
	var (
		c                               CrawlSeen
		status                          sql.NullInt64
		etag, lm, sha, fetched, changed sql.NullString
		msg                             sql.NullString
	)
	err := sc.Scan(&c.URL, &c.Site, &c.Kind, &c.RunID, &status, &etag, &lm, &sha, &c.Meta, &fetched, &changed, &msg)
	c.Status = int(status.Int64)
	c.ETag, c.LastModified, c.SHA256, c.Error = etag.String, lm.String, sha.String, msg.String
	c.FetchedAt, c.ChangedAt = parseTime(fetched), parseTime(changed)
	return c, err
}

// CrawlSeenURL returns what the crawler remembers of url; ok is false when it
// was never fetched.
func (s *Store) CrawlSeenURL(ctx context.Context, url string) (c CrawlSeen, ok bool, err error) {
	c, err = scanSeen(s.reader().QueryRowContext(ctx, s.dialect.rebind(`SELECT `+seenColumns+` FROM crawl_seen WHERE url = ?`), url))
	if errors.Is(err, sql.ErrNoRows) {
		return CrawlSeen{}, false, nil
	}
	if err != nil {
		return CrawlSeen{}, false, fmt.Errorf("store: crawl seen %s: %w", url, err)
	}
	return c, true, nil
}

// CrawlSeenURLs returns what the crawler remembers of the URLs of one kind of
// site, in URL order.
func (s *Store) CrawlSeenURLs(ctx context.Context, site, kind string) ([]CrawlSeen, error) {
	rows, err := s.reader().QueryContext(ctx, s.dialect.rebind(`SELECT `+seenColumns+` FROM crawl_seen WHERE site = ? AND kind = ? ORDER BY url`), site, kind)
	if err != nil {
		return nil, fmt.Errorf("store: crawl seen: %w", err)
	}
	defer rows.Close()
	var cs []CrawlSeen
	for rows.Next() {
		c, err := scanSeen(rows)
		if err != nil {
			return nil, fmt.Errorf("store: crawl seen: %w", err)
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: crawl seen: %w", err)
	}
	return cs, nil
}

// CrawlDone records, in one transaction, what fetching res.Seen.URL gave: it
// leaves the frontier, is remembered with its validators, the URLs it led to
// join the frontier, and an article's attachment links are replaced.
func (s *Store) CrawlDone(ctx context.Context, res CrawlResult) error {
	if err := s.writable(); err != nil {
		return err
	}
	c := res.Seen
	r := s.dialect.rebind
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: crawl done %s: %w", c.URL, err)
	}
	defer tx.Rollback()
	fail := func(err error) error { return fmt.Errorf("store: crawl done %s: %w", c.URL, err) }
	meta := c.Meta
	if meta == "" {
		meta = "{}"
	}
	fetched := c.FetchedAt
	if fetched.IsZero() {
		fetched = time.Now()
	}
	var changed *string
	if !c.ChangedAt.IsZero() {
		changed = corpusPtr(formatTime(c.ChangedAt))
	}
	var status *int
	if c.Status != 0 {
		status = &c.Status
	}
	if _, err := tx.ExecContext(ctx, r(`INSERT INTO crawl_seen (`+seenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET site = excluded.site, kind = excluded.kind, run_id = excluded.run_id,
		status = excluded.status, etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256,
		meta = excluded.meta, fetched_at = excluded.fetched_at, changed_at = excluded.changed_at, error = excluded.error`),
		c.URL, c.Site, c.Kind, c.RunID, status, nullIfEmpty(c.ETag), nullIfEmpty(c.LastModified), nullIfEmpty(c.SHA256),
		meta, formatTime(fetched), changed, nullIfEmpty(c.Error)); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, r(`DELETE FROM crawl_frontier WHERE url = ?`), c.URL); err != nil {
		return fail(err)
	}
	now := formatTime(time.Now())
	if err := s.enqueue(ctx, tx, c.RunID, res.Found, now); err != nil {
		return fail(err)
	}
	if res.Attachments != nil {
		if _, err := tx.ExecContext(ctx, r(`DELETE FROM crawl_attachments WHERE article_url = ?`), c.URL); err != nil {
			return fail(err)
		}
		for _, a := range res.Attachments {
			if _, err := tx.ExecContext(ctx, r(`INSERT INTO crawl_attachments (article_url, attachment_url, link_text) VALUES (?, ?, ?)
				ON CONFLICT (article_url, attachment_url) DO UPDATE SET link_text = excluded.link_text`), a.Article, a.Attachment, a.Text); err != nil {
				return fail(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}

func corpusPtr(s string) *string { return &s }

// PauseCrawlHost remembers that host (scheme://host[:port]) asked not to be
// fetched before until, and why; a later pause replaces it.
func (s *Store) PauseCrawlHost(ctx context.Context, host string, until time.Time, reason string) error {
	if err := s.writable(); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, s.dialect.rebind(`INSERT INTO crawl_hosts (host, paused_until, reason) VALUES (?, ?, ?)
		ON CONFLICT (host) DO UPDATE SET paused_until = excluded.paused_until, reason = excluded.reason`),
		host, formatTime(until), reason)
	if err != nil {
		return fmt.Errorf("store: pause crawl host %s: %w", host, err)
	}
	return nil
}

// CrawlHostPauses returns the hosts paused until after now, with the time
// each may be fetched again.
func (s *Store) CrawlHostPauses(ctx context.Context, now time.Time) (map[string]time.Time, error) {
	rows, err := s.reader().QueryContext(ctx, `SELECT host, paused_until FROM crawl_hosts`)
	if err != nil {
		return nil, fmt.Errorf("store: crawl host pauses: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var host string
		var until sql.NullString
		if err := rows.Scan(&host, &until); err != nil {
			return nil, fmt.Errorf("store: crawl host pauses: %w", err)
		}
		if t := parseTime(until); t.After(now) {
			out[host] = t
		}
	}
	return out, rows.Err()
}
