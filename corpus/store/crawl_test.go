package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCrawlLock(t *testing.T) { forEachBackend(t, testCrawlLock) }

func testCrawlLock(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	a := CrawlLock{PID: 101, Host: "cron-a", Token: "tok-a"}
	if old, err := s.LockCrawl(ctx, a, time.Hour); err != nil || old != nil {
		t.Fatalf("first lock: %v, %v", old, err)
	}
	b := CrawlLock{PID: 202, Host: "cron-b", Token: "tok-b"}
	_, err := s.LockCrawl(ctx, b, time.Hour)
	var le *CrawlLockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrCrawlLocked) {
		t.Fatalf("second lock: %v, want a CrawlLockedError", err)
	}
	if le.Holder.PID != 101 || le.Holder.Host != "cron-a" || !strings.Contains(err.Error(), "pid 101 on host cron-a") {
		t.Errorf("error does not name the holder: %v", err)
	}
	if err := s.HeartbeatCrawl(ctx, "tok-a"); err != nil {
		t.Fatal(err)
	}
	if err := s.HeartbeatCrawl(ctx, "tok-b"); !errors.Is(err, ErrCrawlLockLost) {
		t.Fatalf("heartbeat without the lock: %v", err)
	}
	// A stale lock is taken over and its holder returned.
	time.Sleep(5 * time.Millisecond)
	old, err := s.LockCrawl(ctx, b, time.Millisecond)
	if err != nil || old == nil || old.PID != 101 {
		t.Fatalf("stale takeover: %+v, %v", old, err)
	}
	if err := s.HeartbeatCrawl(ctx, "tok-a"); !errors.Is(err, ErrCrawlLockLost) {
		t.Fatalf("old holder's heartbeat: %v, want ErrCrawlLockLost", err)
	}
	// Releasing with another token does nothing; with the holder's, frees it.
	if err := s.UnlockCrawl(ctx, "tok-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LockCrawl(ctx, a, time.Hour); !errors.Is(err, ErrCrawlLocked) {
		t.Fatalf("lock after a foreign unlock: %v", err)
	}
	if err := s.UnlockCrawl(ctx, "tok-b"); err != nil {
		t.Fatal(err)
	}
	if old, err := s.LockCrawl(ctx, a, time.Hour); err != nil || old != nil {
		t.Fatalf("lock after unlock: %v, %v", old, err)
	}
}

func TestCrawlFrontier(t *testing.T) { forEachBackend(t, testCrawlFrontier) }

func testCrawlFrontier(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	const site = "yuhuan"
	st, err := s.CrawlSiteState(ctx, site)
	if err != nil || st.RunID != "" || !st.LastSuccessAt.IsZero() {
		t.Fatalf("fresh site: %+v, %v", st, err)
	}
	list := "https://www.example.gov.cn/col/index.html"
	art := "https://www.example.gov.cn/art/1.html"
	pdf := "https://www.example.gov.cn/att/1.pdf"
	if err := s.StartCrawlRun(ctx, site, "run1", []CrawlEntry{{URL: list, Site: site, Kind: CrawlList, Depth: 1}}); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.CrawlSiteState(ctx, site); st.RunID != "run1" {
		t.Fatalf("run id %q", st.RunID)
	}
	pending := func() []string {
		es, err := s.CrawlPending(ctx, site, 100)
		if err != nil {
			t.Fatal(err)
		}
		var us []string
		for _, e := range es {
			us = append(us, e.URL)
		}
		return us
	}
	if got := pending(); !reflect.DeepEqual(got, []string{list}) {
		t.Fatalf("pending %v", got)
	}
	// The list page leads to an article, and to itself: a URL fetched in
	// this run is not queued again.
	err = s.CrawlDone(ctx, CrawlResult{
		Seen:  CrawlSeen{URL: list, Site: site, Kind: CrawlList, RunID: "run1", Status: 200, ETag: `"v1"`, SHA256: "aa"},
		Found: []CrawlEntry{{URL: art, Site: site, Kind: CrawlArticle, Parent: list, Meta: `{"title":"通报"}`}, {URL: list, Site: site, Kind: CrawlList}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := pending(); !reflect.DeepEqual(got, []string{art}) {
		t.Fatalf("pending after list: %v", got)
	}
	err = s.CrawlDone(ctx, CrawlResult{
		Seen:        CrawlSeen{URL: art, Site: site, Kind: CrawlArticle, RunID: "run1", Status: 200, LastModified: "Mon, 02 Jan 2023 15:04:05 GMT", SHA256: "bb", Meta: `{"title":"通报"}`},
		Found:       []CrawlEntry{{URL: pdf, Site: site, Kind: CrawlAttachment, Parent: art}},
		Attachments: []CrawlLink{{Article: art, Attachment: pdf, Text: "附件.pdf"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	seen, ok, err := s.CrawlSeenURL(ctx, art)
	if err != nil || !ok {
		t.Fatalf("seen %v %v", ok, err)
	}
	if seen.LastModified != "Mon, 02 Jan 2023 15:04:05 GMT" || seen.SHA256 != "bb" || seen.Status != 200 || seen.Meta != `{"title":"通报"}` || seen.FetchedAt.IsZero() {
		t.Errorf("seen %+v", seen)
	}
	if _, ok, _ := s.CrawlSeenURL(ctx, "https://nowhere/"); ok {
		t.Error("unknown URL seen")
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM crawl_attachments WHERE article_url = ? AND attachment_url = ?`, art, pdf); n != 1 {
		t.Errorf("%d attachment links", n)
	}
	// A failed fetch is remembered with its error.
	if err := s.CrawlDone(ctx, CrawlResult{Seen: CrawlSeen{URL: pdf, Site: site, Kind: CrawlAttachment, RunID: "run1", Status: 503, Error: "HTTP 503"}}); err != nil {
		t.Fatal(err)
	}
	if got := pending(); len(got) != 0 {
		t.Fatalf("pending at the end: %v", got)
	}
	arts, err := s.CrawlSeenURLs(ctx, site, CrawlAttachment)
	if err != nil || len(arts) != 1 || arts[0].Error != "HTTP 503" || arts[0].Status != 503 {
		t.Fatalf("seen attachments %+v %v", arts, err)
	}
	if err := s.FinishCrawlRun(ctx, site, "run1", "1 new"); err != nil {
		t.Fatal(err)
	}
	st, _ = s.CrawlSiteState(ctx, site)
	if st.RunID != "" || st.LastSuccessAt.IsZero() || st.LastSummary != "1 new" {
		t.Fatalf("after finish: %+v", st)
	}
	// The next run may queue the list page again.
	if err := s.StartCrawlRun(ctx, site, "run2", []CrawlEntry{{URL: list, Site: site, Kind: CrawlList, Depth: 1}}); err != nil {
		t.Fatal(err)
	}
	if got := pending(); !reflect.DeepEqual(got, []string{list}) {
		t.Fatalf("pending in run 2: %v", got)
	}
	// A changed article replaces its attachment links.
	err = s.CrawlDone(ctx, CrawlResult{
		Seen:        CrawlSeen{URL: art, Site: site, Kind: CrawlArticle, RunID: "run2", Status: 200, SHA256: "cc"},
		Attachments: []CrawlLink{},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM crawl_attachments`); n != 0 {
		t.Errorf("%d attachment links after the article dropped them", n)
	}
}

// A crawl killed with -9 leaves its lock; the next crawl on the same host
// sees that its process is gone and takes the lock over at once. A live
// holder, or one on another host, keeps it.
func TestCrawlLockOfDeadProcess(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skipf("no process to wait for: %v", err)
	}
	live := exec.Command("sleep", "60")
	if err := live.Start(); err != nil {
		t.Skipf("no process to keep alive: %v", err)
	}
	defer func() { live.Process.Kill(); live.Wait() }()
	me := CrawlLock{PID: os.Getpid(), Host: "vm", Token: "me"}

	for _, tc := range []struct {
		name     string
		holder   CrawlLock
		takeOver bool
	}{
		{"dead, same host", CrawlLock{PID: dead.Process.Pid, Host: "vm", Token: "dead"}, true},
		{"alive, same host", CrawlLock{PID: live.Process.Pid, Host: "vm", Token: "live"}, false},
		{"dead, other host", CrawlLock{PID: dead.Process.Pid, Host: "elsewhere", Token: "remote"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.LockCrawl(ctx, tc.holder, time.Hour); err != nil {
				t.Fatal(err)
			}
			defer s.UnlockCrawl(ctx, tc.holder.Token)
			defer s.UnlockCrawl(ctx, me.Token)
			old, err := s.LockCrawl(ctx, me, 6*time.Hour)
			if tc.takeOver {
				if err != nil || old == nil || old.PID != tc.holder.PID {
					t.Fatalf("lock of a gone process: %+v, %v; want it taken over", old, err)
				}
				return
			}
			if !errors.Is(err, ErrCrawlLocked) {
				t.Fatalf("lock held by pid %d on %s: %+v, %v; want it refused", tc.holder.PID, tc.holder.Host, old, err)
			}
		})
	}
}
