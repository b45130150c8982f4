package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minsheng/minsheng/corpus/store"
)

// tinySite is a county site with one list page and one article.
func tinySite(t *testing.T) (*httptest.Server, func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	hits := map[string]int{}
	pages := map[string]string{
		"/robots.txt":     "User-agent: *\nDisallow: /admin/\n",
		"/col/index.html": `<html><head><meta charset="utf-8"></head><body><ul class="list"><li><a href="/art/2023/art_1_1.html">关于2023年民生实事项目完成情况的通报</a><span>2023-11-29</span></li></ul></body></html>`,
		"/art/2023/art_1_1.html": `<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="关于2023年民生实事项目完成情况的通报"><meta name="PubDate" content="2023-11-29"></head>` +
			`<body><h1>关于2023年民生实事项目完成情况的通报</h1><p>一、新增托位300个，已完成320个，完成率106.67%。</p></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", fmt.Sprintf(`"%x"`, len(body)))
		http.ServeContent(w, r, r.URL.Path, time.Date(2023, 11, 29, 0, 0, 0, 0, time.UTC), strings.NewReader(body))
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		h := hits
		hits = map[string]int{}
		return h
	}
}

func writeCrawlConfig(t *testing.T, start string, allowPrivate bool) string {
	t.Helper()
	y := fmt.Sprintf(`user_agent: "minsheng-test/1.0"
allow_private: %v
fetch:
  rate: 1000
  read_timeout: 2s
  backoff_base: 1ms
sites:
  - name: test-county
    start: [%q]
    articles:
      selector: "ul.list li a"
    region: {province: 浙江省, city: 台州市, county: 玉环市}
    level: county
`, allowPrivate, start)
	p := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(p, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCrawlCommand(t *testing.T) {
	srv, hits := tinySite(t)
	cfg := writeCrawlConfig(t, srv.URL+"/col/index.html", true)
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")

	out, errOut, code := runCLI(t, "crawl", "--config", cfg, "--db", db, "--dry-run")
	if code != exitOK || !strings.Contains(out, srv.URL+"/art/2023/art_1_1.html") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	if h := hits(); h["/art/2023/art_1_1.html"] != 0 {
		t.Errorf("dry run fetched the article")
	}

	out, errOut, code = runCLI(t, "crawl", "--config", cfg, "--db", db)
	if code != exitOK || out != "crawl: 1 new, 0 changed, 0 unchanged, 0 failed, 0 skipped (2 requests, 1 list pages)\n" || errOut != "" {
		t.Fatalf("first crawl: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	rows, _, _ := runCLI(t, "query", "--db", db, "--format", "csv", "SELECT county, published, title FROM documents")
	if !strings.Contains(rows, "玉环市,2023-11-29,关于2023年民生实事项目完成情况的通报") {
		t.Errorf("stored document: %s", rows)
	}
	hits()

	// The second night: the list page is unchanged (304), nothing is loaded.
	out, _, code = runCLI(t, "crawl", "--config", cfg, "--db", db, "--log-format", "json", "--progress")
	if code != exitOK || !strings.HasPrefix(out, "crawl: 0 new, 0 changed, 0 unchanged, 0 failed") {
		t.Fatalf("second crawl: exit %d: %q", code, out)
	}
	if h := hits(); h["/col/index.html"] != 1 || h["/art/2023/art_1_1.html"] != 0 {
		t.Errorf("second crawl requests: %v", h)
	}

	// A crawl holding the lock makes a second one exit 2, naming the holder.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LockCrawl(context.Background(), store.CrawlLock{PID: 777, Host: "night-cron", Token: "x"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, errOut, code = runCLI(t, "crawl", "--config", cfg, "--db", db, "--log-format", "json")
	if code != exitFailed || !strings.Contains(errOut, "pid 777 on host night-cron") {
		t.Fatalf("locked crawl: exit %d: %s", code, errOut)
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(errOut, "\n", 2)[0]), &line); err != nil || line["level"] != "ERROR" {
		t.Errorf("--log-format json did not log JSON: %q (%v)", errOut, err)
	}
}

func TestCrawlCommandRefusesLoopbackByDefault(t *testing.T) {
	srv, hits := tinySite(t)
	cfg := writeCrawlConfig(t, srv.URL+"/col/index.html", false)
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	out, errOut, code := runCLI(t, "crawl", "--config", cfg, "--db", db)
	if code != exitFailed || !strings.Contains(out, "1 skipped") || !strings.Contains(errOut, "nothing crawled") || !strings.Contains(errOut, "--allow-private") {
		t.Fatalf("a crawl that did nothing: exit %d: %q %q; want exit 2 and a message naming --allow-private", code, out, errOut)
	}
	if h := hits(); len(h) != 0 {
		t.Errorf("requests reached a loopback address: %v", h)
	}
	out, _, code = runCLI(t, "crawl", "--config", cfg, "--db", db, "--allow-private")
	if code != exitOK || !strings.Contains(out, "1 new") {
		t.Fatalf("--allow-private: exit %d: %q", code, out)
	}
}

func TestCrawlCommandUsage(t *testing.T) {
	if _, errOut, code := runCLI(t, "crawl"); code != exitFailed || !strings.Contains(errOut, "--config") {
		t.Errorf("no config: exit %d: %s", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("sites:\n  - name: x\n    strat: [http://a/]\n"), 0o644)
	if _, errOut, code := runCLI(t, "crawl", "--config", bad, "--db", filepath.Join(t.TempDir(), "m.db")); code != exitFailed || !strings.Contains(errOut, "strat") {
		t.Errorf("misspelt key: exit %d: %s", code, errOut)
	}
}

// A dry run writes nothing, not even a store, and lists what robots.txt
// disallows as skipped.
func TestCrawlDryRunWritesNothing(t *testing.T) {
	srv, hits := tinySite(t)
	cfg := writeCrawlConfig(t, srv.URL+"/col/index.html", true)
	dbPath := filepath.Join(t.TempDir(), "m.db")
	admin := writeCrawlConfig(t, srv.URL+"/admin/index.html", true)
	out, errOut, code := runCLI(t, "crawl", "--config", admin, "--db", dbPath, "--dry-run")
	if code != exitOK || !strings.Contains(out, srv.URL+"/admin/index.html\t(skipped: robots.txt disallows it)") {
		t.Errorf("dry run of a disallowed page: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "crawl", "--config", cfg, "--db", dbPath, "--dry-run")
	if code != exitOK || !strings.Contains(out, srv.URL+"/art/2023/art_1_1.html") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(dbPath); err == nil {
		t.Errorf("a dry run created the store")
	}
	if h := hits(); h["/admin/index.html"] != 0 {
		t.Errorf("dry run fetched a disallowed page: %v", h)
	}
	// With a store, it reads the crawl state and changes nothing.
	if _, errOut, code := runCLI(t, "crawl", "--config", cfg, "--db", dbPath); code != exitOK {
		t.Fatalf("crawl: %s", errOut)
	}
	before, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, "crawl", "--config", cfg, "--db", dbPath, "--dry-run"); code != exitOK {
		t.Fatalf("dry run on a store: %s", errOut)
	}
	after, _ := os.ReadFile(dbPath)
	if string(before) != string(after) {
		t.Errorf("a dry run changed the store")
	}
}
