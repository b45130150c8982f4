package crawl_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/corpus/store"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
	"github.com/minsheng/minsheng/loaders/crawl"
)

// testConfig is a configuration for the test site with timeouts in
// milliseconds and a tiny backoff, so that the misbehaving pages cost little.
func testConfig(t *testing.T, start string) *crawl.Config {
	t.Helper()
	y := fmt.Sprintf(`
user_agent: "minsheng-test/1.0 (+https://example.org/crawler)"
allow_private: true
revisit_after: 1ns
lock_stale_after: 1h
fetch:
  rate: 1000
  concurrency: 2
  connect_timeout: 500ms
  read_timeout: 300ms
  retries: 2
  backoff_base: 1ms
  backoff_max: 5ms
  max_retry_after: 2s
  max_body: 1MiB
  max_redirects: 4
sites:
  - name: yuhuan
    start: [%q]
    articles:
      patterns: ['/art/.+/art_\d+_\d+\.html$']
      selector: "ul.list li"
    pagination:
      next: "div.page a:contains('下一页')"
    keywords: [民生实事, 重点工作, 完成情况, 通报]
    region: {province: 浙江省, city: 台州市, county: 玉环市}
    level: county
`, start)
	c, err := crawl.ParseConfig([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testSink loads fetched documents into a store as `minsheng ingest` does
// and counts the loads per URL.
type testSink struct {
	st    *store.Store
	mu    sync.Mutex
	loads map[string]int
}

func (k *testSink) Load(ctx context.Context, d crawl.Document) (crawl.Outcome, error) {
	k.mu.Lock()
	k.loads[d.URL]++
	k.mu.Unlock()
	meta := d.Meta
	meta.Source = d.URL
	var recs []corpus.Record
	doc, err := loaders.LoadBytes(d.URL, d.Body, loaders.Options{Meta: meta})
	if err == nil {
		recs = extract.Extract(doc)
	} else {
		// The crawler is under test here, not the readers: content no
		// reader takes is stored as a document without records.
		sum := sha256.Sum256(d.Body)
		doc = &corpus.Document{Info: corpus.DocInfo{Source: d.URL, SHA256: hex.EncodeToString(sum[:]), Format: loaders.Sniff(d.Body),
			Title: corpus.Ptr(meta.Title), Published: corpus.Ptr(meta.Published),
			Region: corpus.Region{Province: corpus.Ptr(meta.Province), City: corpus.Ptr(meta.City), County: corpus.Ptr(meta.County)}}}
	}
	out, err := k.st.Ingest(ctx, doc.Info, recs)
	switch {
	case err != nil:
		return 0, err
	case out == store.New:
		return crawl.New, nil
	case out == store.Replaced:
		return crawl.Changed, nil
	}
	return crawl.Unchanged, nil
}

func (k *testSink) takeLoads() map[string]int {
	k.mu.Lock()
	defer k.mu.Unlock()
	l := k.loads
	k.loads = map[string]int{}
	return l
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newCrawler(t *testing.T, site *countySite, st *store.Store, log *slog.Logger) (*crawl.Crawler, *testSink) {
	sink := &testSink{st: st, loads: map[string]int{}}
	return &crawl.Crawler{Config: testConfig(t, site.url(listPath)), State: st, Sink: sink, Log: log}, sink
}

func queryStrings(t *testing.T, st *store.Store, q string, args ...any) []string {
	t.Helper()
	_, rows, err := st.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		var parts []string
		for _, v := range r {
			parts = append(parts, fmt.Sprint(v))
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func wantCounts(t *testing.T, what string, got map[string]int, want map[string]int) {
	t.Helper()
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if got[p] != want[p] {
			t.Errorf("%s %s: %d, want %d", what, p, got[p], want[p])
		}
	}
}

func TestCrawlTwice(t *testing.T) {
	ctx := context.Background()
	site := newCountySite(t)
	st := openStore(t)
	c, sink := newCrawler(t, site, st, nil)

	// First night: everything allowed is loaded once.
	sum, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g := site.gap(art103); g < time.Second {
		t.Errorf("retried a 429 after %s, before its Retry-After: 1", g)
	}
	if g := site.gap(art102); g > 500*time.Millisecond {
		t.Errorf("retried a 500 after %s; the test backoff is milliseconds", g)
	}
	req, _, foreign := site.counts()
	loads := sink.takeLoads()
	loaded := []string{art101, art102, art103, art201, pdf101, pdfMirror, xlsx101, xlsx201}
	want := map[string]int{}
	for _, p := range loaded {
		want[site.url(p)] = 1
	}
	for _, p := range []string{art104, art105, art106, art107, art109, art199, bigPDF} {
		want[site.url(p)] = 0
	}
	wantCounts(t, "first crawl: loads of", loads, want)
	if len(loads) != len(loaded) {
		t.Errorf("first crawl loaded %d URLs, want %d: %v", len(loads), len(loaded), loads)
	}
	wantCounts(t, "first crawl: requests for", req, map[string]int{
		"/robots.txt": 1, listPath: 1, list2Path: 1,
		art102: 3, // 500, 500, 200
		art103: 2, // 429 with Retry-After: 1, then 200
		art104: 0, // robots.txt forbids it
		art105: 3, // slower than the read timeout: tried, and retried twice
		art106: 1, // a redirect loop, given up
		art107: 1, // a redirect to a foreign host, not followed
		art109: 1, // 404: not retried
		art199: 0, // no keyword in its title
		bigPDF: 1, // over max_body: not retried
	})
	if foreign != 0 {
		t.Errorf("the foreign host got %d requests", foreign)
	}
	if sum.New != 7 || sum.Unchanged != 1 || sum.Changed != 0 || sum.Failed != 4 || sum.Skipped != 2 {
		t.Errorf("first crawl summary: %s", sum)
	}
	// The mirrored PDF is one document with two sources.
	if got := queryStrings(t, st, `SELECT COUNT(*) FROM documents`); got[0] != "7" {
		t.Errorf("%s documents, want 7", got[0])
	}
	if got := queryStrings(t, st, `SELECT COUNT(*) FROM document_sources s JOIN documents d ON d.id = s.document_id WHERE d.format = 'pdf'`); got[0] != "2" {
		t.Errorf("the PDF has %s sources, want 2", got[0])
	}
	// Attachments inherit their article's title and date and the site's region.
	for _, p := range []string{art101, xlsx101, pdf101} {
		got := queryStrings(t, st, `SELECT d.title, d.published, d.county FROM documents d JOIN document_sources s ON s.document_id = d.id WHERE s.source = ?`, site.url(p))
		if len(got) != 1 || got[0] != "关于2023年民生实事项目推进情况的通报|2023-05-12|玉环市" {
			t.Errorf("%s: title|published|county = %v", p, got)
		}
	}
	links := queryStrings(t, st, `SELECT article_url, attachment_url FROM crawl_attachments ORDER BY 1, 2`)
	wantLinks := []string{
		site.url(art201) + "|" + site.url(xlsx201), site.url(art201) + "|" + site.url(pdfMirror), site.url(art201) + "|" + site.url(bigPDF),
		site.url(art101) + "|" + site.url(pdf101), site.url(art101) + "|" + site.url(xlsx101),
	}
	slices.Sort(wantLinks)
	if !slices.Equal(links, wantLinks) {
		t.Errorf("attachment links:\n%v\nwant\n%v", links, wantLinks)
	}
	for p, want := range map[string]string{art104: "robots.txt", art109: "HTTP 404", bigPDF: "too_large", art106: "redirect loop", art107: "foreign_host"} {
		if got := queryStrings(t, st, `SELECT error FROM crawl_seen WHERE url = ?`, site.url(p)); len(got) != 1 || !strings.Contains(got[0], want) {
			t.Errorf("%s: recorded error %v, want %q", p, got, want)
		}
	}
	if got := queryStrings(t, st, `SELECT run_id IS NULL, last_success_at IS NOT NULL FROM crawl_sites WHERE site = 'yuhuan'`); len(got) != 1 || got[0] != "1|1" {
		t.Errorf("site state after the run: %v", got)
	}

	// Second night: article 101 changed, 102 was republished unchanged and
	// 108 is new; everything else costs a 304, and nothing is loaded twice.
	site.change()
	sum, err = c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req, full, foreign := site.counts()
	loads = sink.takeLoads()
	if !maps.Equal(loads, map[string]int{site.url(art101): 1, site.url(art108): 1}) {
		t.Errorf("second crawl loaded %v, want only articles 101 and 108", loads)
	}
	fullPaths := slices.Sorted(maps.Keys(full))
	if want := slices.Sorted(slices.Values([]string{"/robots.txt", art101, art102, art108, listPath})); !slices.Equal(fullPaths, want) {
		t.Errorf("second crawl: full responses for %v, want %v", fullPaths, want)
	}
	wantCounts(t, "second crawl: requests for", req, map[string]int{
		listPath: 1, list2Path: 1, art101: 1, art102: 1, art103: 1, art108: 1, art201: 1,
		pdf101: 1, pdfMirror: 1, xlsx101: 1, xlsx201: 1,
		art104: 0, art106: 0, art107: 0, art109: 0, art199: 0, bigPDF: 0,
		art105: 3, // a timeout may pass: tried again
	})
	if foreign != 0 {
		t.Errorf("the foreign host got %d requests", foreign)
	}
	if sum.New != 1 || sum.Changed != 1 || sum.Unchanged != 7 || sum.Failed != 1 {
		t.Errorf("second crawl summary: %s", sum)
	}
	if got := queryStrings(t, st, `SELECT COUNT(*) FROM documents`); got[0] != "8" {
		t.Errorf("%s documents after the second crawl, want 8", got[0])
	}
}

// storeState is what must not depend on whether a crawl was interrupted.
func storeState(t *testing.T, st *store.Store, base string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT COUNT(*) FROM documents`,
		`SELECT COUNT(*) FROM targets`,
		`SELECT sha256 FROM documents ORDER BY sha256`,
		`SELECT source FROM document_sources ORDER BY source`,
		`SELECT url, kind, COALESCE(sha256, ''), COALESCE(etag, ''), error IS NULL FROM crawl_seen ORDER BY url`,
		`SELECT article_url, attachment_url FROM crawl_attachments ORDER BY 1, 2`,
		`SELECT COUNT(*) FROM crawl_frontier`,
		`SELECT site, run_id IS NULL FROM crawl_sites`,
	} {
		fmt.Fprintf(&b, "%s\n", q)
		for _, r := range queryStrings(t, st, q) {
			fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(r, base, ""))
		}
	}
	return b.String()
}

func TestCrawlResumesAfterCancel(t *testing.T) {
	ref := newCountySite(t)
	refStore := openStore(t)
	c, _ := newCrawler(t, ref, refStore, nil)
	if _, err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := storeState(t, refStore, ref.srv.URL)

	for _, n := range []int{2, 5, 9, 14} {
		t.Run(fmt.Sprintf("cancel-after-%d-requests", n), func(t *testing.T) {
			t.Parallel()
			site := newCountySite(t)
			st := openStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			site.onReq = func(total int) {
				if total == n {
					cancel()
				}
			}
			c, _ := newCrawler(t, site, st, nil)
			if _, err := c.Run(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled crawl: %v", err)
			}
			if got := queryStrings(t, st, `SELECT COUNT(*) FROM crawl_lock`); got[0] != "0" {
				t.Errorf("the cancelled crawl kept its lock")
			}
			site.onReq = nil
			if _, err := c.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := storeState(t, st, site.srv.URL); got != want {
				t.Errorf("state after cancel and resume:\n%s\nwant (uninterrupted):\n%s", got, want)
			}
		})
	}
}

func TestCrawlLockRefusesSecondCrawl(t *testing.T) {
	ctx := context.Background()
	site := newCountySite(t)
	st := openStore(t)
	other := store.CrawlLock{PID: 4242, Host: "cron-elsewhere", Token: "other"}
	if _, err := st.LockCrawl(ctx, other, time.Hour); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	c, _ := newCrawler(t, site, st, slog.New(slog.NewTextHandler(&logs, nil)))
	_, err := c.Run(ctx)
	if !errors.Is(err, store.ErrCrawlLocked) || !strings.Contains(err.Error(), "pid 4242 on host cron-elsewhere") {
		t.Fatalf("second crawl: %v, want a lock error naming the holder", err)
	}
	if req, _, _ := site.counts(); len(req) != 0 {
		t.Errorf("a refused crawl made requests: %v", req)
	}
	// A stale lock is taken over, with a warning.
	c.Config.LockStaleAfter = crawl.Duration(time.Nanosecond)
	if _, err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "took over a stale crawl lock") || !strings.Contains(logs.String(), "holder_pid=4242") {
		t.Errorf("no warning about the stale lock:\n%s", logs.String())
	}
	if got := queryStrings(t, st, `SELECT COUNT(*) FROM crawl_lock`); got[0] != "0" {
		t.Errorf("the lock was not released")
	}
}

// A name that resolves to a loopback address is refused at dial time unless
// private addresses are allowed.
func TestCrawlRefusesPrivateAddresses(t *testing.T) {
	ctx := context.Background()
	site := newCountySite(t)
	st := openStore(t)
	start := strings.Replace(site.url(listPath), "127.0.0.1", "localhost", 1)
	sink := &testSink{st: st, loads: map[string]int{}}
	cfg := testConfig(t, start)
	cfg.AllowPrivate = false
	c := &crawl.Crawler{Config: cfg, State: st, Sink: sink}
	sum, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if req, _, _ := site.counts(); len(req) != 0 {
		t.Errorf("requests reached the loopback server: %v", req)
	}
	if sum.Skipped != 1 || sum.Lists != 0 {
		t.Errorf("summary %s, want the start page skipped", sum)
	}
	if got := queryStrings(t, st, `SELECT error FROM crawl_seen`); len(got) != 1 || !strings.Contains(got[0], "private") {
		t.Errorf("recorded error %v", got)
	}
}

func TestCrawlDryRunChangesNothing(t *testing.T) {
	ctx := context.Background()
	site := newCountySite(t)
	st := openStore(t)
	c, sink := newCrawler(t, site, st, nil)
	var out bytes.Buffer
	if err := c.DryRun(ctx, &out); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{listPath, list2Path, art101, art201} {
		if !strings.Contains(out.String(), site.url(p)) {
			t.Errorf("dry run does not list %s:\n%s", p, out.String())
		}
	}
	for _, p := range []string{art199, pdf101} {
		if strings.Contains(out.String(), site.url(p)) {
			t.Errorf("dry run lists %s", p)
		}
	}
	req, _, _ := site.counts()
	if req[art101] != 0 || len(sink.loads) != 0 {
		t.Errorf("dry run fetched articles or loaded documents: %v %v", req, sink.loads)
	}
	if got := queryStrings(t, st, `SELECT (SELECT COUNT(*) FROM crawl_seen) + (SELECT COUNT(*) FROM crawl_frontier) + (SELECT COUNT(*) FROM crawl_sites)`); got[0] != "0" {
		t.Errorf("dry run wrote crawl state")
	}
}
