package crawl_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// countySite imitates a county government site: a 通知公告 column with two
// list pages, GBK article pages, PDF and XLSX attachments (one mirrored at a
// second URL), a robots.txt that forbids a path, and pages that misbehave: a
// 500 twice, a 429 with Retry-After, one slower than the timeout, a redirect
// loop and a redirect to a foreign host. Every response honours ETag and
// Last-Modified, so an unchanged page costs a 304.
type countySite struct {
	t       *testing.T
	srv     *httptest.Server
	foreign *httptest.Server

	mu       sync.Mutex
	pages    map[string]*resource
	requests map[string]int // requests per path
	full     map[string]int // 200 responses per path
	times    map[string][]time.Time
	foreignN int
	fail500  int // 500s left to give
	give429  bool
	onReq    func(total int) // called after each request with the running total
	total    int
}

type resource struct {
	body     []byte
	ctype    string
	modified time.Time
	etag     bool // send an ETag besides Last-Modified
}

const (
	slowDelay = 3 * time.Second
	listPath  = "/col/col1229/index.html"
	list2Path = "/col/col1229/index_2.html"
	art101    = "/art/2023/5/12/art_1229_101.html"
	art102    = "/art/2023/4/1/art_1229_102.html"
	art103    = "/art/2023/3/1/art_1229_103.html"
	art104    = "/art/secret/art_1229_104.html"
	art105    = "/art/2023/2/1/art_1229_105.html"
	art106    = "/art/2023/1/1/art_1229_106.html"
	art107    = "/art/2023/1/2/art_1229_107.html"
	art108    = "/art/2023/6/1/art_1229_108.html"
	art109    = "/art/2023/1/4/art_1229_109.html" // 404
	art199    = "/art/2023/1/3/art_1229_199.html"
	art201    = "/art/2022/12/1/art_1229_201.html"
	pdf101    = "/module/download/101.pdf"
	pdfMirror = "/mirror/files/101-copy.pdf"
	xlsx101   = "/module/download/101.xlsx"
	xlsx201   = "/module/download/201.xlsx"
	bigPDF    = "/module/download/big.pdf" // over max_body
)

var epoch = time.Date(2023, 5, 12, 8, 0, 0, 0, time.UTC)

func newCountySite(t *testing.T) *countySite {
	s := &countySite{t: t, pages: map[string]*resource{}, requests: map[string]int{}, full: map[string]int{}, times: map[string][]time.Time{}, fail500: 2, give429: true}
	s.foreign = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.foreignN++
		s.mu.Unlock()
		fmt.Fprint(w, "<html>elsewhere</html>")
	}))
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() { s.srv.Close(); s.foreign.Close() })

	s.put("/robots.txt", "text/plain", []byte("User-agent: *\nDisallow: /art/secret/\n"), false)
	s.putList(listPath, false)
	s.putList(list2Path, false)
	s.putArticle(art101, "关于2023年民生实事项目推进情况的通报", "2023-05-12", "截至4月底，新增托位300个。",
		`<a href="/module/download/101.pdf">附件1：民生实事项目推进表.pdf</a> <a href="/module/download/101.xlsx">附件2：完成情况表.xlsx</a>`)
	s.putArticle(art102, "2023年重点工作一季度完成情况", "2023-04-01", "一季度重点工作完成情况如下。", "")
	s.putArticle(art103, "关于民生实事项目督查情况的通报", "2023-03-01", "督查发现三个项目滞后。", "")
	s.putArticle(art104, "民生实事内部通报", "2023-02-15", "不应抓取。", "")
	s.putArticle(art105, "民生实事项目完成情况（慢）", "2023-02-01", "慢页面。", "")
	s.putArticle(art199, "关于举办全县运动会的通知", "2023-01-03", "与民生实事无关。", "")
	s.putArticle(art201, "2022年民生实事项目完成情况", "2022-12-01", "全年完成。",
		`<a href="/module/download/201.xlsx">附件：2022年完成情况表.xlsx</a> <a href="/mirror/files/101-copy.pdf">附件：推进表（转载）.pdf</a>`+
			` <a href="/module/download/big.pdf">附件：扫描件.pdf</a>`)
	s.put(pdf101, "application/pdf", tinyPDF("Min sheng shi shi 2023"), true)
	s.put(pdfMirror, "application/pdf", tinyPDF("Min sheng shi shi 2023"), false)
	s.put(xlsx101, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx(t, "新增托位", "300", "个"), true)
	s.put(xlsx201, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx(t, "老旧小区改造", "12", "个"), false)
	s.put(bigPDF, "application/pdf", append(tinyPDF("big"), make([]byte, 2<<20)...), false)
	return s
}

func (s *countySite) url(path string) string { return s.srv.URL + path }

func (s *countySite) put(path, ctype string, body []byte, etag bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = &resource{body: body, ctype: ctype, modified: epoch, etag: etag}
}

// putList writes a list page; page 1 lists article 108 too when withNew.
func (s *countySite) putList(path string, withNew bool) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body><ul class="list">`)
	item := func(href, title, date string) {
		fmt.Fprintf(&b, `<li><a href="%s" title="%s">%s</a><span>%s</span></li>`, href, title, title, date)
	}
	if path == listPath {
		if withNew {
			item(art108, "关于2023年重点工作推进情况的通报", "2023-06-01")
		}
		item(art101, "关于2023年民生实事项目推进情况的通报", "2023-05-12")
		item(art102, "2023年重点工作一季度完成情况", "2023-04-01")
		item(art103, "关于民生实事项目督查情况的通报", "2023-03-01")
		item(art104, "民生实事内部通报", "2023-02-15")
		item(art105, "民生实事项目完成情况（慢）", "2023-02-01")
		item(art106, "民生实事项目完成情况（循环）", "2023-01-01")
		item(art107, "民生实事项目完成情况（外站）", "2023-01-02")
		item(art109, "民生实事项目完成情况（已删除）", "2023-01-04")
		item(art199, "关于举办全县运动会的通知", "2023-01-03")
		b.WriteString(`</ul><div class="page"><a href="index_2.html">下一页</a></div>`)
	} else {
		item(art201, "2022年民生实事项目完成情况", "2022-12-01")
		b.WriteString(`</ul><div class="page"><a href="index.html">上一页</a></div>`)
	}
	b.WriteString(`<a href="/">网站首页</a></body></html>`)
	s.put(path, "text/html; charset=utf-8", []byte(b.String()), true)
}

// putArticle writes a GBK article page in the layout of the government site
// template: ArticleTitle and PubDate meta tags, a 发布日期 line.
func (s *countySite) putArticle(path, title, date, text, attachments string) {
	page := fmt.Sprintf(`<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="ArticleTitle" content="%s"><meta name="PubDate" content="%s 09:30"><title>%s_玉环市人民政府</title></head>
<body><h1>%s</h1><p>发布日期：%s</p><div class="content"><p>%s</p><p>%s</p></div></body></html>`,
		title, date, title, title, date, text, attachments)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(page))
	if err != nil {
		s.t.Fatal(err)
	}
	s.put(path, "text/html", gbk, path != art102)
}

func (s *countySite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p := r.URL.Path
	s.requests[p]++
	s.times[p] = append(s.times[p], time.Now())
	s.total++
	total, hook := s.total, s.onReq
	res := s.pages[p]
	fail500 := p == art102 && s.fail500 > 0
	if fail500 {
		s.fail500--
	}
	give429 := p == art103 && s.give429
	if give429 {
		s.give429 = false
	}
	s.mu.Unlock()
	if hook != nil {
		defer hook(total)
	}
	switch {
	case fail500:
		http.Error(w, "busy", http.StatusInternalServerError)
		return
	case give429:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return
	case p == art105:
		select {
		case <-time.After(slowDelay):
		case <-r.Context().Done():
			return
		}
	case p == art106 || p == "/loop/a":
		http.Redirect(w, r, "/loop/b", http.StatusFound)
		return
	case p == "/loop/b":
		http.Redirect(w, r, "/loop/a", http.StatusFound)
		return
	case p == art107:
		http.Redirect(w, r, s.foreign.URL+"/art/moved.html", http.StatusMovedPermanently)
		return
	}
	if res == nil {
		http.NotFound(w, r)
		return
	}
	if res.etag {
		sum := sha256.Sum256(res.body)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	}
	w.Header().Set("Content-Type", res.ctype)
	rec := &statusRecorder{ResponseWriter: w}
	http.ServeContent(rec, r, p, res.modified, bytes.NewReader(res.body))
	if rec.status == http.StatusOK {
		s.mu.Lock()
		s.full[p]++
		s.mu.Unlock()
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// gap is the time between the first two requests for path.
func (s *countySite) gap(path string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ts := s.times[path]; len(ts) >= 2 {
		return ts[1].Sub(ts[0])
	}
	return 0
}

// counts returns and resets the requests and full responses per path.
func (s *countySite) counts() (requests, full map[string]int, foreign int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	requests, full, foreign = s.requests, s.full, s.foreignN
	s.requests, s.full, s.foreignN = map[string]int{}, map[string]int{}, 0
	return requests, full, foreign
}

// change edits article 101, republishes article 102 unchanged and lists a
// new article on page 1, as a site does between two nights.
func (s *countySite) change() {
	s.putArticle(art101, "关于2023年民生实事项目推进情况的通报", "2023-05-12", "截至5月底，新增托位320个（更正）。",
		`<a href="/module/download/101.pdf">附件1：民生实事项目推进表.pdf</a> <a href="/module/download/101.xlsx">附件2：完成情况表.xlsx</a>`)
	s.putArticle(art108, "关于2023年重点工作推进情况的通报", "2023-06-01", "重点工作按计划推进。", "")
	s.putList(listPath, true)
	s.mu.Lock()
	// Article 102 is republished unchanged: a new Last-Modified, the same bytes.
	for _, p := range []string{art101, art102, art108, listPath} {
		s.pages[p].modified = epoch.Add(24 * time.Hour)
	}
	s.mu.Unlock()
}

// tinyPDF is a minimal one-page PDF that shows text.
func tinyPDF(text string) []byte {
	var b bytes.Buffer
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), s)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	stream := fmt.Sprintf("BT /F1 12 Tf 20 100 Td (%s) Tj ET", text)
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

var (
	xlsxMu    sync.Mutex
	xlsxCache = map[string][]byte{}
)

// xlsx is a one-row 完成情况表 workbook, made once so that every test site
// serves the same bytes.
func xlsx(t *testing.T, metric, value, unit string) []byte {
	xlsxMu.Lock()
	defer xlsxMu.Unlock()
	key := metric + value + unit
	if b, ok := xlsxCache[key]; ok {
		return b
	}
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{{"序号", "项目名称", "任务数", "单位", "牵头单位"}, {1, metric + value + unit, value, unit, "县卫生健康局"}}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	xlsxCache[key] = b.Bytes()
	return b.Bytes()
}
