package crawl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minsheng/minsheng/loaders/crawl"
)

// A host that answers 429 with a Retry-After longer than the crawl waits is
// not asked again in the run, nor by the next run before its time.
func TestLongRetryAfterPausesTheHost(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	requests := map[string]int{}
	limited := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests[r.URL.Path]++
		busy := limited && strings.HasPrefix(r.URL.Path, "/art/")
		mu.Unlock()
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/col/list.html":
			var b strings.Builder
			b.WriteString(`<html><head><meta charset="utf-8"></head><body><ul class="list">`)
			for i := 1; i <= 4; i++ {
				fmt.Fprintf(&b, `<li><a href="/art/2023/art_1_%d.html">关于2023年民生实事项目完成情况的通报(%d)</a><span>2023-11-2%d</span></li>`, i, i, i)
			}
			b.WriteString(`</ul></body></html>`)
			w.Write([]byte(b.String()))
		case busy:
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			fmt.Fprintf(w, `<html><head><meta charset="utf-8"></head><body><h1>关于2023年民生实事项目完成情况的通报</h1><p>新增托位300个。%s</p></body></html>`, r.URL.Path)
		}
	}))
	defer srv.Close()
	st := openStore(t)
	newRun := func() (int, string) {
		sink := &testSink{st: st, loads: map[string]int{}}
		c := &crawl.Crawler{Config: testConfig(t, srv.URL+"/col/list.html"), State: st, Sink: sink}
		sum, _ := c.Run(ctx)
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for p, k := range requests {
			if strings.HasPrefix(p, "/art/") {
				n += k
			}
		}
		clear(requests)
		return n, sum.String()
	}
	n, sum := newRun()
	// Two requests may be on their way at once (fetch.concurrency 2); none
	// is made after the answer.
	if n < 1 || n > 2 {
		t.Errorf("first run: %d article requests after a Retry-After of an hour, want 1 or 2 (%s)", n, sum)
	}
	if got := queryStrings(t, st, `SELECT host FROM crawl_hosts`); len(got) != 1 || got[0] != srv.URL {
		t.Errorf("paused hosts %v, want %s", got, srv.URL)
	}
	// The next run, within the hour, asks nothing of the host's articles.
	n, sum = newRun()
	if n != 0 {
		t.Errorf("second run: %d article requests within the Retry-After (%s)", n, sum)
	}
	// Once the pause is over, the articles are fetched.
	if err := st.PauseCrawlHost(ctx, srv.URL, time.Now().Add(-time.Second), "over"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	limited = false
	mu.Unlock()
	n, sum = newRun()
	if n != 4 {
		t.Errorf("after the pause: %d article requests, want 4 (%s)", n, sum)
	}
}
