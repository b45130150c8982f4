package crawl

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/minsheng/minsheng/corpus/store"
	"github.com/minsheng/minsheng/loaders"
)

// State is what the crawler keeps in the store: the lock, each site's run,
// the frontier and the URLs seen. *store.Store implements it.
type State interface {
	LockCrawl(ctx context.Context, me store.CrawlLock, staleAfter time.Duration) (*store.CrawlLock, error)
	HeartbeatCrawl(ctx context.Context, token string) error
	UnlockCrawl(ctx context.Context, token string) error
	CrawlSiteState(ctx context.Context, site string) (store.CrawlSite, error)
	StartCrawlRun(ctx context.Context, site, runID string, seeds []store.CrawlEntry) error
	FinishCrawlRun(ctx context.Context, site, runID, summary string) error
	CrawlPending(ctx context.Context, site string, limit int) ([]store.CrawlEntry, error)
	CrawlSeenURL(ctx context.Context, url string) (store.CrawlSeen, bool, error)
	CrawlSeenURLs(ctx context.Context, site, kind string) ([]store.CrawlSeen, error)
	CrawlDone(ctx context.Context, res store.CrawlResult) error
	PauseCrawlHost(ctx context.Context, host string, until time.Time, reason string) error
	CrawlHostPauses(ctx context.Context, now time.Time) (map[string]time.Time, error)
}

// Document is a fetched article or attachment, ready to be loaded.
type Document struct {
	URL         string
	Kind        string // store.CrawlArticle or store.CrawlAttachment
	Article     string // an attachment's article
	Body        []byte
	ContentType string
	// Meta holds what the crawl knows: the URL as source, the site's region,
	// the article's title and publish date.
	Meta loaders.Meta
}

// Outcome is what loading a document did.
type Outcome int

const (
	New       Outcome = iota + 1 // content not stored before
	Changed                      // the URL's earlier content was replaced
	Unchanged                    // the content was already stored
)

// Sink loads fetched documents, the way `minsheng ingest` loads files.
type Sink interface {
	Load(ctx context.Context, d Document) (Outcome, error)
}

// Summary counts what a crawl did. New, Changed, Unchanged and Failed count
// articles and attachments; list pages that fail count as failed too.
type Summary struct {
	Fetched   int // requests for pages and files, retries and 304s included (robots.txt not counted)
	New       int
	Changed   int
	Unchanged int // 304, or the same content as before
	Failed    int
	Skipped   int // refused by robots.txt, the allowed hosts or the address policy
	Lists     int // list pages read
}

func (s Summary) String() string {
	return fmt.Sprintf("%d new, %d changed, %d unchanged, %d failed, %d skipped (%d requests, %d list pages)",
		s.New, s.Changed, s.Unchanged, s.Failed, s.Skipped, s.Fetched, s.Lists)
}

func (s *Summary) add(o Summary) {
	s.Fetched += o.Fetched
	s.New += o.New
	s.Changed += o.Changed
	s.Unchanged += o.Unchanged
	s.Failed += o.Failed
	s.Skipped += o.Skipped
	s.Lists += o.Lists
}

// Event is reported to Crawler.Progress after each URL.
type Event struct {
	Site, URL, Kind string
	What            string // new, changed, unchanged, failed, skipped, list
	Err             error
}

// Crawler crawls the sites of a configuration into a State and a Sink.
type Crawler struct {
	Config *Config
	State  State
	Sink   Sink
	Log    *slog.Logger
	// Sites, when not empty, limits the crawl to these site names.
	Sites []string
	// Full follows pagination to max_pages even past list pages that hold
	// nothing new.
	Full bool
	// Progress, when set, is called after each URL (from several goroutines).
	Progress func(Event)

	fetch *fetcher
}

// ErrNoSites is returned when Sites names no configured site.
var ErrNoSites = errors.New("crawl: no configured site matches")

func (c *Crawler) logger() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

func (c *Crawler) sites() ([]*Site, error) {
	var out []*Site
	for i := range c.Config.Sites {
		s := &c.Config.Sites[i]
		if len(c.Sites) == 0 || contains(c.Sites, s.Name) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoSites
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func newToken() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Run crawls every selected site. It takes the store's crawl lock first; a
// held lock is an error naming its holder (store.ErrCrawlLocked). Each site
// resumes its unfinished run, if any, else starts a new one from its start
// pages. When ctx is cancelled, Run stops at once and leaves the frontier for
// the next run; the summary counts what was done and the error is ctx's.
func (c *Crawler) Run(ctx context.Context) (Summary, error) {
	var sum Summary
	sites, err := c.sites()
	if err != nil {
		return sum, err
	}
	log := c.logger()
	hostname, _ := os.Hostname()
	me := store.CrawlLock{PID: os.Getpid(), Host: hostname, Token: newToken()}
	stale, err := c.State.LockCrawl(ctx, me, c.Config.LockStaleAfter.D())
	if err != nil {
		return sum, err
	}
	if stale != nil {
		log.Warn("took over a stale crawl lock", "holder_pid", stale.PID, "holder_host", stale.Host,
			"started_at", stale.StartedAt.UTC().Format(time.RFC3339), "heartbeat_at", stale.HeartbeatAt.UTC().Format(time.RFC3339))
	}
	defer func() {
		if err := c.State.UnlockCrawl(context.WithoutCancel(ctx), me.Token); err != nil {
			log.Error("releasing the crawl lock", "err", err)
		}
	}()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go c.heartbeat(ctx, cancel, me.Token)

	c.fetch = newFetcher(c.Config.Fetch, c.Config.UserAgent, c.Config.AllowPrivate, log)
	// Hosts that asked an earlier run to stay away are not asked before
	// their time; those that ask this run are remembered for the next.
	pauses, err := c.State.CrawlHostPauses(ctx, time.Now())
	if err != nil {
		return sum, err
	}
	for h, until := range pauses {
		log.Info("host paused by an earlier Retry-After", "host", h, "until", until.UTC().Format(time.RFC3339))
		c.fetch.pauseHost(h, until)
	}
	c.fetch.onPause = func(h string, until time.Time, reason string) {
		log.Warn("host paused by Retry-After", "host", h, "until", until.UTC().Format(time.RFC3339))
		if err := c.State.PauseCrawlHost(context.WithoutCancel(ctx), h, until, reason); err != nil {
			log.Error("remembering a host's pause", "host", h, "err", err)
		}
	}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
		sem  = make(chan struct{}, c.Config.ParallelSites)
	)
	for _, s := range sites {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			ss, err := c.runSite(ctx, s)
			mu.Lock()
			defer mu.Unlock()
			sum.add(ss)
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return sum, cause
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, errors.Join(errs...)
}

// heartbeat refreshes the lock until ctx is done; a lost lock stops the crawl.
func (c *Crawler) heartbeat(ctx context.Context, cancel context.CancelCauseFunc, token string) {
	every := min(c.Config.LockStaleAfter.D()/4, time.Minute)
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.State.HeartbeatCrawl(ctx, token); err != nil && ctx.Err() == nil {
				if errors.Is(err, store.ErrCrawlLockLost) {
					cancel(err)
					return
				}
				c.logger().Warn("crawl lock heartbeat", "err", err)
			}
		}
	}
}

// meta is what the frontier and the seen URLs keep about a URL.
type meta struct {
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
	Text      string `json:"text,omitempty"`  // the link's text
	Start     string `json:"start,omitempty"` // a list page's column start page
}

func encodeMeta(m meta) string {
	b, _ := json.Marshal(m)
	return string(b)
}

func decodeMeta(s string) meta {
	var m meta
	_ = json.Unmarshal([]byte(s), &m)
	return m
}

// seeds are the URLs a new run of s starts from: its start pages, and the
// articles and attachments due to be fetched again: last fetched longer ago
// than revisit_after, or failed for a reason that may pass.
func (c *Crawler) seeds(ctx context.Context, s *Site) ([]store.CrawlEntry, error) {
	var es []store.CrawlEntry
	for _, u := range s.Start {
		es = append(es, store.CrawlEntry{URL: u, Site: s.Name, Kind: store.CrawlList, Depth: 1, Meta: encodeMeta(meta{Start: u})})
	}
	now := time.Now()
	for _, kind := range []string{store.CrawlArticle, store.CrawlAttachment} {
		seen, err := c.State.CrawlSeenURLs(ctx, s.Name, kind)
		if err != nil {
			return nil, err
		}
		for _, v := range seen {
			if c.due(v, now) {
				es = append(es, store.CrawlEntry{URL: v.URL, Site: s.Name, Kind: kind, Meta: v.Meta})
			}
		}
	}
	return es, nil
}

// due reports whether a URL fetched before should be fetched again now.
func (c *Crawler) due(v store.CrawlSeen, now time.Time) bool {
	if v.Error != "" {
		return !permanentFailure(v)
	}
	r := c.Config.RevisitAfter.D()
	return r > 0 && now.Sub(v.FetchedAt) >= r
}

// Prefixes of the error of a URL that is not fetched again: refused by
// policy, or failed for good (a 404, a redirect loop, a body over the cap).
const (
	skippedPrefix   = "skipped: "
	permanentPrefix = "permanent: "
)

func permanentFailure(v store.CrawlSeen) bool {
	return strings.HasPrefix(v.Error, skippedPrefix) || strings.HasPrefix(v.Error, permanentPrefix)
}

// runSite crawls one site until its frontier is empty or ctx is done.
func (c *Crawler) runSite(ctx context.Context, s *Site) (Summary, error) {
	log := c.logger().With("site", s.Name)
	st, err := c.State.CrawlSiteState(ctx, s.Name)
	if err != nil {
		return Summary{}, err
	}
	runID := st.RunID
	if runID == "" {
		runID = newToken()
		seeds, err := c.seeds(ctx, s)
		if err != nil {
			return Summary{}, err
		}
		if err := c.State.StartCrawlRun(ctx, s.Name, runID, seeds); err != nil {
			return Summary{}, err
		}
		log.Debug("crawl started", "run", runID, "seeds", len(seeds))
	} else {
		log.Info("resuming an interrupted crawl", "run", runID, "started_at", st.RunStartedAt.UTC().Format(time.RFC3339))
	}

	var (
		sum      Summary
		mu       sync.Mutex
		inflight = map[string]bool{}
		done     = make(chan string)
		workers  = max(c.Config.Fetch.Concurrency, 1) * max(len(s.allowed), 1)
	)
	wait := func() {
		u := <-done
		delete(inflight, u)
	}
	var firstErr error // guarded by mu
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	}
	for ctx.Err() == nil && !failed() {
		pending, err := c.State.CrawlPending(ctx, s.Name, len(inflight)+workers)
		if err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
			break
		}
		var todo []store.CrawlEntry
		for _, e := range pending {
			if !inflight[e.URL] {
				todo = append(todo, e)
			}
		}
		if len(todo) == 0 {
			if len(inflight) == 0 {
				break
			}
			wait()
			continue
		}
		for _, e := range todo {
			for len(inflight) >= workers {
				wait()
			}
			if ctx.Err() != nil {
				break
			}
			inflight[e.URL] = true
			go func() {
				one, err := c.visit(ctx, s, runID, e, log)
				mu.Lock()
				sum.add(one)
				if err != nil && firstErr == nil && ctx.Err() == nil {
					firstErr = err
				}
				mu.Unlock()
				done <- e.URL
			}()
		}
	}
	for len(inflight) > 0 {
		wait()
	}
	mu.Lock()
	defer mu.Unlock()
	if firstErr != nil {
		return sum, fmt.Errorf("crawl: site %s: %w", s.Name, firstErr)
	}
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	if err := c.State.FinishCrawlRun(ctx, s.Name, runID, sum.String()); err != nil {
		return sum, err
	}
	log.Info("crawl finished", "summary", sum.String())
	return sum, nil
}

// visit fetches one frontier entry, loads what it gave and records it. The
// error is a store error, which stops the site; fetch and load failures are
// counted and recorded, not returned.
func (c *Crawler) visit(ctx context.Context, s *Site, runID string, e store.CrawlEntry, log *slog.Logger) (Summary, error) {
	var sum Summary
	prev, known, err := c.State.CrawlSeenURL(ctx, e.URL)
	if err != nil {
		return sum, err
	}
	m := decodeMeta(e.Meta)
	seen := store.CrawlSeen{URL: e.URL, Site: s.Name, Kind: e.Kind, RunID: runID, Meta: e.Meta,
		ETag: prev.ETag, LastModified: prev.LastModified, SHA256: prev.SHA256, ChangedAt: prev.ChangedAt}
	req := request{url: e.URL, site: s}
	if known && prev.SHA256 != "" {
		req.etag, req.lastModified = prev.ETag, prev.LastModified
	}
	report := func(what string, err error) {
		if c.Progress != nil {
			c.Progress(Event{Site: s.Name, URL: e.URL, Kind: e.Kind, What: what, Err: err})
		}
	}
	resp, err := c.fetch.fetch(ctx, req)
	if ctx.Err() != nil {
		return sum, nil // left in the frontier for the next run
	}
	if err != nil {
		var fe *FetchError
		if errors.As(err, &fe) {
			seen.Status = fe.Status
			if fe.Kind.Skipped() {
				sum.Skipped++
				seen.Error = skippedPrefix + err.Error()
				level := slog.LevelInfo
				if fe.Kind == ErrPrivateAddress {
					level = slog.LevelWarn // most likely a configuration to fix
				}
				log.Log(ctx, level, "skipped", "url", e.URL, "reason", fe.Kind.String())
				report("skipped", err)
				return sum, c.State.CrawlDone(ctx, store.CrawlResult{Seen: seen})
			}
			sum.Fetched += fe.Attempts
		}
		sum.Failed++
		seen.Error = err.Error()
		if fe != nil && fe.Permanent() {
			seen.Error = permanentPrefix + seen.Error
		}
		log.Warn("fetch failed", "url", e.URL, "kind", e.Kind, "err", err)
		report("failed", err)
		return sum, c.State.CrawlDone(ctx, store.CrawlResult{Seen: seen})
	}
	sum.Fetched += resp.attempts
	seen.Status = resp.status
	if resp.notModified {
		if resp.etag != "" {
			seen.ETag = resp.etag
		}
		if resp.lastModified != "" {
			seen.LastModified = resp.lastModified
		}
		if e.Kind == store.CrawlList {
			sum.Lists++
			report("list", nil)
		} else {
			sum.Unchanged++
			report("unchanged", nil)
		}
		return sum, c.State.CrawlDone(ctx, store.CrawlResult{Seen: seen})
	}
	sha := sha256.Sum256(resp.body)
	shaHex := hex.EncodeToString(sha[:])
	seen.ETag, seen.LastModified = resp.etag, resp.lastModified
	res := store.CrawlResult{Seen: seen}

	if e.Kind == store.CrawlList {
		sum.Lists++
		res.Seen.SHA256 = shaHex
		res.Found, err = c.listFound(ctx, s, e, m, resp)
		if err != nil {
			if ctx.Err() != nil {
				return sum, nil
			}
			return sum, err
		}
		report("list", nil)
		return sum, c.State.CrawlDone(ctx, res)
	}

	if known && prev.SHA256 == shaHex && prev.Error == "" {
		// Republished unchanged: nothing to load, nothing new linked.
		res.Seen.SHA256 = shaHex
		sum.Unchanged++
		report("unchanged", nil)
		return sum, c.State.CrawlDone(ctx, res)
	}

	doc := Document{URL: e.URL, Kind: e.Kind, Body: resp.body, ContentType: resp.contentType, Meta: c.docMeta(s, m)}
	if e.Kind == store.CrawlAttachment {
		doc.Article = e.Parent
	}
	if e.Kind == store.CrawlArticle {
		p, perr := parsePage(resp.url, resp.body, resp.contentType)
		if perr == nil {
			title, date := p.articleFacts(s)
			if m.Title == "" || (title != "" && len([]rune(title)) > len([]rune(m.Title))) {
				m.Title = title
			}
			if m.Published == "" {
				m.Published = date
			}
			res.Seen.Meta = encodeMeta(m)
			doc.Meta = c.docMeta(s, m)
			res.Attachments = []store.CrawlLink{}
			for _, l := range p.documentLinks(resp.url, resp.body) {
				if l.Attachment == "" || !s.wantsAttachment(l.Attachment) || !s.allows(hostOf(l.URL)) {
					continue
				}
				res.Attachments = append(res.Attachments, store.CrawlLink{Article: e.URL, Attachment: l.URL, Text: l.Text})
				am := meta{Title: m.Title, Published: m.Published, Text: l.Text}
				res.Found = append(res.Found, store.CrawlEntry{URL: l.URL, Site: s.Name, Kind: store.CrawlAttachment, Parent: e.URL, Meta: encodeMeta(am)})
			}
		} else {
			log.Warn("article not parsed for attachments", "url", e.URL, "err", perr)
		}
	}
	out, lerr := c.Sink.Load(ctx, doc)
	if lerr != nil {
		if ctx.Err() != nil {
			return sum, nil
		}
		// Forget the validators, so that the next run fetches and loads it whole.
		res.Seen.ETag, res.Seen.LastModified, res.Seen.SHA256 = "", "", ""
		res.Seen.Error = lerr.Error()
		sum.Failed++
		log.Warn("load failed", "url", e.URL, "kind", e.Kind, "err", lerr)
		report("failed", lerr)
		return sum, c.State.CrawlDone(ctx, res)
	}
	res.Seen.SHA256 = shaHex
	res.Seen.ChangedAt = time.Now()
	switch out {
	case New:
		sum.New++
		report("new", nil)
	case Changed:
		sum.Changed++
		report("changed", nil)
	default:
		sum.Unchanged++
		report("unchanged", nil)
	}
	log.Info("loaded", "url", e.URL, "kind", e.Kind, "outcome", out.String())
	return sum, c.State.CrawlDone(ctx, res)
}

func (o Outcome) String() string {
	switch o {
	case New:
		return "new"
	case Changed:
		return "changed"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}

func (c *Crawler) docMeta(s *Site, m meta) loaders.Meta {
	return loaders.Meta{
		Title:     m.Title,
		Published: m.Published,
		Province:  s.Region.Province,
		City:      s.Region.City,
		County:    s.Region.County,
		Kind:      s.Kind,
	}
}

// listFound returns what a list page leads to: its articles not yet fetched,
// and its next page while the page held something new (or Full is set).
func (c *Crawler) listFound(ctx context.Context, s *Site, e store.CrawlEntry, m meta, resp *response) ([]store.CrawlEntry, error) {
	p, err := parsePage(resp.url, resp.body, resp.contentType)
	if err != nil {
		return nil, nil
	}
	var found []store.CrawlEntry
	fresh := 0
	for _, a := range p.articles(s) {
		v, ok, err := c.State.CrawlSeenURL(ctx, a.url)
		if err != nil {
			return nil, err
		}
		if ok && (v.Error == "" || permanentFailure(v)) {
			continue
		}
		fresh++
		found = append(found, store.CrawlEntry{URL: a.url, Site: s.Name, Kind: store.CrawlArticle, Parent: e.URL,
			Meta: encodeMeta(meta{Title: a.title, Published: a.date, Text: a.title})})
	}
	start := m.Start
	if start == "" {
		start = e.URL
	}
	if e.Depth < s.MaxPages && (fresh > 0 || c.Full) {
		if next := p.next(s, start, e.Depth); next != "" && next != e.URL {
			found = append(found, store.CrawlEntry{URL: next, Site: s.Name, Kind: store.CrawlList, Parent: e.URL,
				Depth: e.Depth + 1, Meta: encodeMeta(meta{Start: start})})
		}
	}
	return found, nil
}

func hostOf(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		h := u[i+3:]
		if j := strings.IndexAny(h, "/?#"); j >= 0 {
			h = h[:j]
		}
		return h
	}
	return ""
}

// DryRun prints what a crawl would fetch, one "kind URL" line each, without
// changing the state: an interrupted run's frontier, else the start pages,
// the list pages they lead to and the new articles those list (list pages
// are fetched to find them), then the URLs due to be fetched again.
// Attachments are found only by fetching articles, so none are listed.
func (c *Crawler) DryRun(ctx context.Context, w io.Writer) error {
	sites, err := c.sites()
	if err != nil {
		return err
	}
	c.fetch = newFetcher(c.Config.Fetch, c.Config.UserAgent, c.Config.AllowPrivate, c.logger())
	for _, s := range sites {
		st, err := c.State.CrawlSiteState(ctx, s.Name)
		if err != nil {
			return err
		}
		if st.RunID != "" {
			pending, err := c.State.CrawlPending(ctx, s.Name, 1<<20)
			if err != nil {
				return err
			}
			for _, e := range pending {
				fmt.Fprintf(w, "%s\t%s\t%s\t(resume)\n", s.Name, e.Kind, e.URL)
			}
			continue
		}
		seeds, err := c.seeds(ctx, s)
		if err != nil {
			return err
		}
		listed := map[string]bool{}
		queue := seeds
		for len(queue) > 0 {
			e := queue[0]
			queue = queue[1:]
			if listed[e.URL] {
				continue
			}
			listed[e.URL] = true
			if u, err := url.Parse(e.URL); err == nil {
				if ok, err := c.fetch.allowedByRobots(ctx, s, u); err == nil && !ok {
					fmt.Fprintf(w, "%s\t%s\t%s\t(skipped: robots.txt disallows it)\n", s.Name, e.Kind, e.URL)
					continue
				}
			}
			fmt.Fprintf(w, "%s\t%s\t%s\n", s.Name, e.Kind, e.URL)
			if e.Kind != store.CrawlList {
				continue
			}
			resp, err := c.fetch.fetch(ctx, request{url: e.URL, site: s})
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				c.logger().Warn("dry run: list page not fetched", "url", e.URL, "err", err)
				continue
			}
			found, err := c.listFound(ctx, s, e, decodeMeta(e.Meta), resp)
			if err != nil {
				return err
			}
			queue = append(queue, found...)
		}
	}
	return nil
}
