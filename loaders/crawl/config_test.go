package crawl

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestExampleConfig(t *testing.T) {
	c, err := LoadConfig("../../examples/county-site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Sites[0]
	if s.Name != "yuhuan" || s.Level != "county" || s.Region.County != "玉环市" || len(s.Start) != 3 {
		t.Errorf("site %+v", s)
	}
	if !s.allows("file.yuhuan.gov.cn") || !s.allows("WWW.YUHUAN.GOV.CN") || s.allows("evil.example.com") {
		t.Errorf("allowed hosts %v", s.allowed)
	}
	if c.Fetch.MaxBody != 50<<20 || c.Fetch.Rate != 0.5 || c.RevisitAfter.D() != 720*time.Hour {
		t.Errorf("fetch %+v", c.Fetch)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"sites: []", "no sites"},
		{"sites:\n  - name: a\n    start: [http://x/]\n    strat: []\n", "strat"},
		{"sites:\n  - name: a\n    start: [ftp://x/]\n    articles: {selector: a}\n", "not an http(s) URL"},
		{"sites:\n  - name: a\n    start: [http://x/]\n", "give patterns or a selector"},
		{"sites:\n  - name: a\n    start: [http://x/]\n    articles: {patterns: ['(']}\n", "articles pattern"},
		{"sites:\n  - name: a\n    start: [http://x/]\n    articles: {selector: 'a[['}\n", "selector"},
		{"sites:\n  - name: a\n    start: [http://x/]\n    articles: {selector: a}\n    level: county\n", "level county needs region.county"},
		{"sites:\n  - name: a\n    start: [http://x/]\n    articles: {selector: a}\n    pagination: {pattern: index.html}\n", "has no {n}"},
		{"fetch: {read_timeout: soon}\nsites: []", "invalid duration"},
		{"fetch: {max_body: lots}\nsites: []", "bad size"},
	} {
		_, err := ParseConfig([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want an error with %q", tt.yaml, err, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"1": time.Second, "120": 2 * time.Minute, "": 0, "soon": 0, "-3": 0,
		"Mon, 01 Jan 2024 00:00:30 GMT": 30 * time.Second,
		"Sun, 31 Dec 2023 23:00:00 GMT": 0,
	} {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	f := &fetcher{cfg: Fetch{BackoffBase: Duration(time.Second), BackoffMax: Duration(10 * time.Second)}}
	for n, hi := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 60: 10 * time.Second} {
		for range 20 {
			if d := f.backoff(n); d < hi/2 || d > hi {
				t.Errorf("backoff(%d) = %s, want within [%s, %s]", n, d, hi/2, hi)
			}
		}
	}
}

func TestIsPrivate(t *testing.T) {
	for ip, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "10.1.2.3": true, "192.168.0.1": true, "172.16.5.4": true,
		"169.254.169.254": true, "100.64.0.1": true, "0.0.0.0": true, "::ffff:127.0.0.1": true, "fd00::1": true,
		"202.107.200.1": false, "2400:da00::1": false,
	} {
		if got := isPrivate(netip.MustParseAddr(ip)); got != want {
			t.Errorf("isPrivate(%s) = %v", ip, got)
		}
	}
}

func TestPageURL(t *testing.T) {
	for _, tt := range []struct {
		start, pattern string
		n              int
		want           string
	}{
		{"https://x.gov.cn/col/col1/index.html", "index_{n}.html", 1, "https://x.gov.cn/col/col1/index.html"},
		{"https://x.gov.cn/col/col1/index.html", "index_{n}.html", 2, "https://x.gov.cn/col/col1/index_2.html"},
		{"https://x.gov.cn/col/col1/", "index_{n}.shtml", 3, "https://x.gov.cn/col/col1/index_3.shtml"},
	} {
		if got := pageURL(tt.start, tt.pattern, tt.n); got != tt.want {
			t.Errorf("pageURL(%s, %s, %d) = %s, want %s", tt.start, tt.pattern, tt.n, got, tt.want)
		}
	}
}

func TestAttachmentFormat(t *testing.T) {
	for _, tt := range []struct{ url, text, want string }{
		{"https://x.gov.cn/module/download/a.PDF", "", "pdf"},
		{"https://x.gov.cn/module/download/downfile.jsp?classid=0&filename=2023完成情况表.xlsx", "下载", "xlsx"},
		{"https://x.gov.cn/attach/0/123", "附件2：完成情况表.xls", "xls"},
		{"https://x.gov.cn/art/2023/art_1.html", "通知", ""},
	} {
		if got := attachmentFormat(tt.url, tt.text); got != tt.want {
			t.Errorf("attachmentFormat(%s, %s) = %q, want %q", tt.url, tt.text, got, tt.want)
		}
	}
}

func TestFindDate(t *testing.T) {
	for in, want := range map[string]string{
		"发布日期：2023-05-12": "2023-05-12", "2021年11月29日": "2021-11-29", "2022/1/5 10:00": "2022-01-05",
		"2023-13-01": "", "无日期": "",
	} {
		if got := findDate(in); got != want {
			t.Errorf("findDate(%q) = %q, want %q", in, got, want)
		}
	}
}
