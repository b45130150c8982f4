package web

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minsheng/minsheng/corpus/store"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// repo is the repository root, seen from this package's directory.
const repo = "../../.."

// failedSource is the failure recorded beside the sample corpus; its error
// is markup, which the pages must show as text.
const (
	failedSource = "notices/scanned.pdf"
	failedError  = `pdf: scanned, no text layer <script>alert("x")</script>`
)

// yuhuanPlan is a plan of the Yuhuan government whose targets the Yuhuan
// bulletin of the sample corpus reports on, so that the store holds links.
const yuhuanPlan = `关于下达玉环市2021年民生实事项目的通知

一、2021年民生实事项目
1. 新增婴幼儿照护服务机构5家,新增托位300个。(牵头单位:市卫生健康局)
2. 建设智能“阳光厨房”32家。(牵头单位:市市场监管局)
3. 建设新玉环人安居工程200000平方米。(牵头单位:市住建局)
`

// yuhuanQ2 is a second-quarter bulletin of Yuhuan, so that the plan's
// targets have a history of two reports.
const yuhuanQ2 = `关于2021年市政府民生实事项目二季度完成情况的通报

一、2021年民生实事项目二季度完成情况
1. 新增托位300个,截至6月底已新增托位210个,完成率70%。(牵头单位:市卫生健康局)
2. 建设智能“阳光厨房”32家,截至6月底已建成20家,完成率62.5%。(牵头单位:市市场监管局)
`

var yuhuanQ2Meta = loaders.Meta{Year: 2021, Province: "浙江省", City: "台州市", County: "玉环市", Kind: "progress",
	Published: "2021-07-15", Title: "关于2021年市政府民生实事项目二季度完成情况的通报"}

var yuhuanPlanMeta = loaders.Meta{Year: 2021, Province: "浙江省", City: "台州市", County: "玉环市", Kind: "plan",
	Published: "2021-02-20", Title: "关于下达玉环市2021年民生实事项目的通知", DocNo: "玉政发〔2021〕3号"}

// fixtures is a folder for the test binary's files, removed by TestMain.
var fixtures string

func TestMain(m *testing.M) {
	var err error
	if fixtures, err = os.MkdirTemp("", "minsheng-web-test"); err != nil {
		panic(err)
	}
	for name, text := range map[string]string{"yuhuan-2021-plan.txt": yuhuanPlan, "yuhuan-2021-q2-bulletin.txt": yuhuanQ2} {
		if err := os.WriteFile(filepath.Join(fixtures, name), []byte(text), 0o644); err != nil {
			panic(err)
		}
	}
	code := m.Run()
	os.RemoveAll(fixtures)
	os.Exit(code)
}

// loadSample ingests the sample corpus into the store at dsn, as demo does,
// a plan of Yuhuan and its second-quarter bulletin, and records one failure.
func loadSample(t testing.TB, dsn string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, errs := loaders.Expand([]string{filepath.Join(repo, "testdata", "seeds")})
	if len(errs) > 0 || len(files) == 0 {
		t.Fatalf("sample corpus: %v (%d files)", errs, len(files))
	}
	files = append(files, filepath.Join(fixtures, "yuhuan-2021-plan.txt"), filepath.Join(fixtures, "yuhuan-2021-q2-bulletin.txt"))
	for _, f := range files {
		var opts loaders.Options
		switch filepath.Base(f) {
		case "yuhuan-2021-plan.txt":
			opts.Meta = yuhuanPlanMeta
		case "yuhuan-2021-q2-bulletin.txt":
			opts.Meta = yuhuanQ2Meta
		}
		doc, err := loaders.Load(f, opts)
		if err != nil {
			t.Fatal(err)
		}
		recs := extract.ExtractWith(doc, extract.Options{})
		if _, err := st.Ingest(ctx, doc.Info, recs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if err := st.RecordFailure(ctx, failedSource, "", errors.New(failedError)); err != nil {
		t.Fatal(err)
	}
}

// postgresEnv names the PostgreSQL database the tests also run on, as the
// store's tests do.
const postgresEnv = "MINSHENG_TEST_POSTGRES"

var (
	sampleOnce sync.Once
	sampleFile string
)

// sqliteSample returns the DSN of a fresh copy of a SQLite store loaded with
// the sample corpus (loaded once per test binary).
func sqliteSample(t testing.TB) string {
	t.Helper()
	sampleOnce.Do(func() {
		sampleFile = filepath.Join(fixtures, "sample.db")
		loadSample(t, "sqlite:"+sampleFile)
	})
	raw, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "minsheng.db")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return "sqlite:" + path
}

// postgresSample returns the DSN of a schema of its own loaded with the
// sample corpus, or skips loudly when no PostgreSQL is configured.
func postgresSample(t testing.TB) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("SKIPPING PostgreSQL test: $%s is not set (.ci/run sets it up)", postgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Skipf("SKIPPING PostgreSQL test: no server at $%s: %v", postgresEnv, err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "minsheng_web_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	loadSample(t, u.String())
	return u.String()
}

// forEachEngine runs f on a read-only store of each engine loaded with the
// sample corpus.
func forEachEngine(t *testing.T, f func(t *testing.T, st *store.Store)) {
	for _, e := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", sqliteSample}, {"postgres", postgresSample}} {
		t.Run(e.name, func(t *testing.T) {
			st := openRO(t, e.dsn(t))
			f(t, st)
		})
	}
}

func openRO(t testing.TB, dsn string) *store.Store {
	t.Helper()
	st, err := store.OpenReadOnly(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// csvExport stands in for the export command's writers.
func csvExport(w io.Writer, format, _ string, cols []string, rows [][]any) error {
	if format != "csv" {
		return errors.New("csv only")
	}
	cw := csv.NewWriter(w)
	cw.Write(cols)
	for _, r := range rows {
		rec := make([]string, len(r))
		for i, v := range r {
			if v != nil {
				rec[i] = strings.TrimSpace(strings.Trim(strconv.Quote(toString(v)), `"`))
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

func newServer(t testing.TB, st *store.Store, opts Options) *Server {
	t.Helper()
	if opts.Export == nil {
		opts.Export = csvExport
	}
	if opts.Log == nil {
		opts.Log = log.New(testLog{t}, "", 0)
	}
	s, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testLog sends the server's log to the test's.
type testLog struct{ t testing.TB }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// get fetches a page and fails the test unless it has the status.
func get(t testing.TB, h http.Handler, target string, status int) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	if rec.Code != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", target, rec.Code, status, rec.Body.String())
	}
	return rec.Body.String()
}

// idText returns the text of the element with the id.
func idText(t testing.TB, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no element #%s in the page", id)
	}
	return m[1]
}

func idInt(t testing.TB, body, id string) int {
	t.Helper()
	n, err := strconv.Atoi(idText(t, body, id))
	if err != nil {
		t.Fatalf("#%s: %v", id, err)
	}
	return n
}

var targetRow = regexp.MustCompile(`<tr class="(behind)?" data-target="(\d+)">`)

// pageTargets returns the target ids of a targets page in order, and which
// are marked behind.
func pageTargets(body string) (ids []int64, behind []bool) {
	for _, m := range targetRow.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[2], 10, 64)
		ids = append(ids, id)
		behind = append(behind, m[1] != "")
	}
	return ids, behind
}

func TestOverviewCountsAreTheReports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newServer(t, st, Options{})
		body := get(t, s, "/", 200)
		all, err := st.Report(ctx, store.ReportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		behind, err := st.Report(ctx, store.ReportFilter{Behind: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := idInt(t, body, "total-targets"); got != len(all) {
			t.Errorf("overview: %d targets, report prints %d", got, len(all))
		}
		if got := idInt(t, body, "total-behind"); got != len(behind) || got == 0 {
			t.Errorf("overview: %d behind, report --behind prints %d", got, len(behind))
		}
		sum := 0
		for _, c := range classes {
			sum += idInt(t, body, "total-"+c)
		}
		if sum != len(all) {
			t.Errorf("the classes add up to %d, want %d", sum, len(all))
		}
		if !strings.Contains(body, `<svg class="chart"`) || !strings.Contains(body, `class="seg seg-behind"`) {
			t.Error("overview: no stacked bar chart with a behind segment")
		}
		// a year and a region narrow it as report --year --region does
		body = get(t, s, "/?county="+url.QueryEscape("玉环市")+"&year=2021", 200)
		yuhuan, err := st.Report(ctx, store.ReportFilter{Region: "玉环", Year: 2021, Behind: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := idInt(t, body, "total-behind"); got != len(yuhuan) || got == 0 {
			t.Errorf("玉环 2021: %d behind, report prints %d", got, len(yuhuan))
		}
	})
}

// Every count of the overview links to a list of as many targets.
func TestOverviewCountsLinkToTheirLists(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		s := newServer(t, st, Options{})
		body := get(t, s, "/", 200)
		links := regexp.MustCompile(`<a href="(/targets\?[^"]*)" data-class="[a-z_]+">(\d+)</a>`).FindAllStringSubmatch(body, -1)
		if len(links) < 8 {
			t.Fatalf("overview table: %d count links", len(links))
		}
		for _, l := range links {
			href := strings.ReplaceAll(l[1], "&amp;", "&")
			want, _ := strconv.Atoi(l[2])
			page := get(t, s, href, 200)
			if got := idInt(t, page, "total-count"); got != want {
				t.Errorf("%s: the list has %d targets, the overview says %d", href, got, want)
			}
		}
	})
}

// With many governments the overview draws a bar for each city or province;
// their counts link to lists of as many targets too.
func TestOverviewGroupsByCityAndProvince(t *testing.T) {
	st := openRO(t, sqliteSample(t))
	s := newServer(t, st, Options{})
	sum, err := st.Summary(context.Background(), store.BrowseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	links := func(g store.BrowseFilter) (map[string]string, string) {
		m := map[string]string{}
		for _, c := range classes {
			g.Status = c
			m[c] = "/targets?" + values(g).Encode()
		}
		return m, ""
	}
	for _, level := range []int{levelCity, levelProvince} {
		rows := groupSummary(sum, level, "", links)
		county := groupSummary(sum, levelCounty, "", links)
		if len(rows) >= len(county) {
			t.Errorf("level %d: %d bars, as many as the %d governments", level, len(rows), len(county))
		}
		for _, g := range rows {
			for _, c := range classes {
				page := get(t, s, g.Links[c], 200)
				if got := idInt(t, page, "total-count"); int64(got) != g.Counts[c] {
					t.Errorf("level %d, %s %s: the list has %d targets, the bar %d", level, g.Label, c, got, g.Counts[c])
				}
			}
		}
	}
}

func TestTargetsPagesCoverTheReport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		s := newServer(t, st, Options{})
		all, err := st.Report(context.Background(), store.ReportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var (
			ids    []int64
			behind []bool
			pages  int
		)
		next := "/targets?n=37"
		for next != "" {
			body := get(t, s, next, 200)
			pid, pb := pageTargets(body)
			if len(pid) > 37 {
				t.Fatalf("page of %d rows, asked for 37", len(pid))
			}
			ids, behind = append(ids, pid...), append(behind, pb...)
			pages++
			next = ""
			if m := regexp.MustCompile(`href="([^"]*)" id="next-page"`).FindStringSubmatch(body); m != nil {
				next = strings.ReplaceAll(m[1], "&amp;", "&")
			}
		}
		if want := (len(all) + 36) / 37; pages != want {
			t.Errorf("%d pages, want %d", pages, want)
		}
		var want []int64
		for _, r := range all {
			want = append(want, r.TargetID)
		}
		slices.Sort(want)
		got := slices.Clone(ids)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("the pages hold %d targets (%d distinct), the report %d", len(ids), len(slices.Compact(got)), len(want))
		}
		if i := slices.Index(behind, false); i >= 0 && slices.Contains(behind[i:], true) {
			t.Error("a target behind schedule comes after one that is not")
		}
	})
}

func TestTargetsSortedByAColumn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		s := newServer(t, st, Options{})
		want, _ := pageTargets(get(t, s, "/targets?n=500&county="+url.QueryEscape("苍南县"), 200))
		var got []int64
		var rates []string
		next := "/targets?n=40&sort=-rate&county=" + url.QueryEscape("苍南县")
		for next != "" {
			body := get(t, s, next, 200)
			ids, _ := pageTargets(body)
			got = append(got, ids...)
			for _, m := range regexp.MustCompile(`<td class="num" data-col="rate">([^<]*)</td>`).FindAllStringSubmatch(body, -1) {
				rates = append(rates, m[1])
			}
			next = ""
			if m := regexp.MustCompile(`href="([^"]*)" id="next-page"`).FindStringSubmatch(body); m != nil {
				next = strings.ReplaceAll(m[1], "&amp;", "&")
			}
		}
		slices.Sort(want)
		sorted := slices.Clone(got)
		slices.Sort(sorted)
		if len(want) < 100 || !slices.Equal(sorted, want) {
			t.Fatalf("sorted pages hold %d targets, the unsorted %d", len(got), len(want))
		}
		if len(rates) != len(got) {
			t.Fatalf("read %d rates of %d rows", len(rates), len(got))
		}
		seenEmpty := false
		for i, r := range rates {
			if r == "" {
				seenEmpty = true
				continue
			}
			if seenEmpty {
				t.Fatalf("row %d: rate %s after rows without one", i, r)
			}
			if i > 0 && rates[i-1] != "" {
				a, _ := strconv.ParseFloat(rates[i-1], 64)
				b, _ := strconv.ParseFloat(r, 64)
				if a < b {
					t.Fatalf("row %d: rate %v after %v, want descending", i, b, a)
				}
			}
		}
		get(t, s, "/targets?sort=drop", 400)
	})
}

func TestTargetsSearchFindsNamesAndMetrics(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		s := newServer(t, st, Options{})
		all, err := st.Report(context.Background(), store.ReportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"托位", "加装电梯", "阳光厨房"} {
			want := 0
			for _, r := range all {
				if strings.Contains(r.Name, q) || strings.Contains(r.Metric, q) {
					want++
				}
			}
			body := get(t, s, "/targets?n=500&q="+url.QueryEscape(q), 200)
			ids, _ := pageTargets(body)
			if len(ids) != want || want == 0 {
				t.Errorf("search %s: %d rows, the report has %d", q, len(ids), want)
			}
		}
		body := get(t, s, "/targets?q="+url.QueryEscape("50%_不存在"), 200)
		if ids, _ := pageTargets(body); len(ids) != 0 {
			t.Errorf("a search with LIKE's wildcards found %d rows", len(ids))
		}
	})
}

func TestTargetsDownloadIsThePage(t *testing.T) {
	st := openRO(t, sqliteSample(t))
	s := newServer(t, st, Options{})
	for _, q := range []string{"status=behind&n=10", "status=behind&n=10&sort=-rate", "n=7&sort=deadline&p=2"} {
		page := get(t, s, "/targets?"+q, 200)
		ids, _ := pageTargets(page)
		body := get(t, s, "/targets.csv?"+q, 200)
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(ids)+1 || len(ids) == 0 {
			t.Fatalf("%s: CSV of %d rows, the page shows %d", q, len(rows)-1, len(ids))
		}
		for i, id := range ids {
			if rows[i+1][0] != strconv.FormatInt(id, 10) {
				t.Errorf("%s: CSV row %d: %v, want target %d", q, i+1, rows[i+1], id)
			}
			if strings.Contains(q, "behind") && rows[i+1][14] != "1" {
				t.Errorf("%s: CSV row %d is not behind", q, i+1)
			}
		}
	}
}

// yuhuanTarget is the Yuhuan bulletin's 新增托位 target (README's worked
// example): 300 个, 548 completed, 182.67 %.
func yuhuanTarget(t testing.TB, st *store.Store) store.ReportRow {
	t.Helper()
	rows, err := st.Report(context.Background(), store.ReportFilter{Region: "玉环", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Metric == "新增托位" {
			return r
		}
	}
	t.Fatal("no 新增托位 target of 玉环")
	return store.ReportRow{}
}

func TestTargetPageAndSource(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		s := newServer(t, st, Options{})
		r := yuhuanTarget(t, st)
		id := strconv.FormatInt(r.TargetID, 10)
		body := get(t, s, "/target/"+id, 200)
		if got := idText(t, body, "target-value"); got != "300 个" {
			t.Errorf("target value %q", got)
		}
		if got := idText(t, body, "latest-done"); got != "548" {
			t.Errorf("latest completed %q", got)
		}
		if got := idText(t, body, "latest-rate"); got != "182.67" {
			t.Errorf("latest rate %q", got)
		}
		if !strings.Contains(body, `id="chart-done"`) || !strings.Contains(body, "<circle") {
			t.Error("no history chart")
		}
		hist, err := st.History(context.Background(), r.TargetID)
		if err != nil || len(hist) != 2 || hist[0].LinkID == nil || hist[1].LinkID == nil {
			t.Fatalf("history of the plan's 新增托位: %+v, %v; want the two bulletins' reports through links", hist, err)
		}
		if n := strings.Count(body, `<circle`); n != 4 {
			t.Errorf("the history charts have %d points, want 2 each", n)
		}
		for _, v := range []string{">210<", ">548<", ">70<", ">182.67<"} {
			if !strings.Contains(body, v) {
				t.Errorf("the history lacks %s", v)
			}
		}
		rid := strconv.FormatInt(hist[1].Figure.TargetID, 10)
		if !strings.Contains(body, `href="/target/`+id+`/source?fig=`+rid+`"`) {
			t.Error("the history's figure does not link to its source")
		}
		if !strings.Contains(body, `<tr data-link="`+strconv.FormatInt(*hist[1].LinkID, 10)+`">`) {
			t.Error("the target page does not list its link")
		}
		src := get(t, s, "/target/"+id+"/source?fig="+rid, 200)
		for _, want := range []string{
			"玉市委、市政府督通〔2021〕37号",
			"关于2021年市政府重点工作和民生实事项目三季度完成情况的通报",
			"表 2 · 行 8 · 列 2 · 行号 2202",
			`<td class="here">新增婴幼儿照护服务机构5家,<mark>新增托位300个</mark>`,
			"<mark>新增托位548个,完成率182.67%</mark>",
		} {
			if !strings.Contains(src, want) {
				t.Errorf("source page lacks %q", want)
			}
		}
		own := get(t, s, "/target/"+id+"/source", 200)
		for _, want := range []string{"玉政发〔2021〕3号", "<mark>新增托位300个</mark>"} {
			if !strings.Contains(own, want) {
				t.Errorf("the plan's source page lacks %q", want)
			}
		}
	})
}

func TestSourceOfAListItem(t *testing.T) {
	st := openRO(t, sqliteSample(t))
	s := newServer(t, st, Options{})
	rows, err := st.Report(context.Background(), store.ReportFilter{Region: "杭州"})
	if err != nil {
		t.Fatal(err)
	}
	var fig store.Figure
	for _, r := range rows {
		f, err := st.Figure(context.Background(), r.TargetID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Table == 0 && f.Line > 0 && f.TargetRaw != "" {
			fig = f
			break
		}
	}
	if fig.TargetID == 0 {
		t.Fatal("no list item target in the Hangzhou notice")
	}
	src := get(t, s, "/target/"+strconv.FormatInt(fig.TargetID, 10)+"/source", 200)
	want := `<p class="here"><span class="lineno">` + strconv.Itoa(fig.Line) + `</span>`
	if !strings.Contains(src, want) || !strings.Contains(src, "<mark>"+fig.TargetRaw+"</mark>") {
		t.Errorf("source page lacks line %d with %q marked", fig.Line, fig.TargetRaw)
	}
}

func TestMetricPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		s := newServer(t, st, Options{})
		rows, err := st.MetricComparison(context.Background(), "托位", store.BrowseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 {
			t.Fatalf("托位 in %d governments", len(rows))
		}
		body := get(t, s, "/metric?m="+url.QueryEscape("托位"), 200)
		want := 0
		for _, r := range rows {
			if r.Target != nil {
				want++
			}
		}
		if n := strings.Count(body, `class="bar-target"`); n != want {
			t.Errorf("%d target bars, %d governments with a target", n, want)
		}
		for _, r := range rows {
			if r.Target != nil && !strings.Contains(body, ">"+num(r.Target)+"<") {
				t.Errorf("the page lacks the target %s of %s%s", num(r.Target), r.City, r.County)
			}
		}
	})
}

func TestMetricGroupedByCity(t *testing.T) {
	st := openRO(t, sqliteSample(t))
	rows, err := st.MetricComparison(context.Background(), "托位", store.BrowseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	keys := map[string]bool{}
	for _, r := range rows {
		if r.Target != nil {
			want += *r.Target
		}
		keys[r.Province+yearText(r.Year)] = true
	}
	g := groupMetric(rows, levelProvince)
	var got float64
	for _, r := range g {
		if r.County != "" || r.City != "" {
			t.Errorf("grouped by province, a row of %s%s", r.City, r.County)
		}
		if r.Target != nil {
			got += *r.Target
		}
	}
	if len(g) != len(keys) || got != want {
		t.Errorf("grouped by province: %d rows, want %d; targets adding up to %v, want %v", len(g), len(keys), got, want)
	}
}

func TestDocumentsAndFailures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, st *store.Store) {
		s := newServer(t, st, Options{})
		docs, err := st.Documents(context.Background(), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		body := get(t, s, "/documents", 200)
		for _, d := range docs {
			if !strings.Contains(body, `href="/document/`+strconv.FormatInt(d.ID, 10)+`"`) {
				t.Errorf("no link to document %d %s", d.ID, d.Source)
			}
		}
		if !strings.Contains(body, failedSource) || !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Error("the failure is not listed, escaped")
		}
		if strings.Contains(body, "<script>alert") {
			t.Error("a failure's markup reached the page")
		}
		page := get(t, s, "/document/"+strconv.FormatInt(docs[0].ID, 10), 200)
		if n := strings.Count(page, `<a href="/target/`); int64(n) != docs[0].Records {
			t.Errorf("document %s: %d targets listed, %d records", docs[0].Source, n, docs[0].Records)
		}
	})
}

func TestParametersAreValues(t *testing.T) {
	st := openRO(t, sqliteSample(t))
	s := newServer(t, st, Options{})
	evil := "'); DROP TABLE targets; --<script>"
	body := get(t, s, "/targets?q="+url.QueryEscape(evil)+"&province="+url.QueryEscape(evil)+"&year=1%20OR%201=1&kind=x", 200)
	if strings.Contains(body, "<script>") && !strings.Contains(body, "&lt;script&gt;") {
		t.Error("a parameter reached the page unescaped")
	}
	if ids, _ := pageTargets(body); len(ids) != 0 {
		t.Errorf("%d rows for a filter no target has", len(ids))
	}
	get(t, s, "/target/abc", 400)
	get(t, s, "/target/99999999", 404)
	get(t, s, "/document/99999999", 404)
	get(t, s, "/targets?after=garbage", 400)
	body = get(t, s, "/targets?n=1000000", 200)
	if !strings.Contains(body, `data-page-size="500"`) {
		t.Error("page size not capped at 500")
	}
	get(t, s, "/link/1/confirm", 404)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/link/1/confirm", nil))
	if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("a review without --allow-review: status %d", rec.Code)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
}

func TestQueryTimeLimit(t *testing.T) {
	st := openRO(t, sqliteSample(t))
	s := newServer(t, st, Options{QueryTimeout: time.Nanosecond})
	body := get(t, s, "/targets", http.StatusServiceUnavailable)
	if !strings.Contains(body, translate("zh", "timeout")) {
		t.Error("a query out of time does not say so")
	}
}

func TestEnglish(t *testing.T) {
	st := openRO(t, sqliteSample(t))
	s := newServer(t, st, Options{})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/lang/en?back=/targets", nil))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/targets" {
		t.Fatalf("switch: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	req := httptest.NewRequest("GET", "/", nil)
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), "<h1>Overview</h1>") || !strings.Contains(rec.Body.String(), "No progress reported") {
		t.Error("the English overview is not in English")
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/lang/en?back=//evil.example/", nil))
	if loc := rec.Header().Get("Location"); loc != "/" {
		t.Errorf("the switch sends elsewhere: %q", loc)
	}
}

func TestReview(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, sqliteSample(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	links, err := st.Links(ctx)
	if err != nil || len(links) == 0 {
		t.Fatalf("%d links: %v", len(links), err)
	}
	l := links[0]
	s := newServer(t, st, Options{Review: true, Reviewer: "测试"})
	srv := httptest.NewServer(s)
	defer srv.Close()
	page := srv.URL + "/target/" + strconv.FormatInt(*l.PlanTarget, 10)

	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "session" {
			session = c
		}
	}
	m := regexp.MustCompile(`action="/link/` + strconv.FormatInt(l.ID, 10) + `/confirm" class="inline"><input type="hidden" name="token" value="([0-9a-f]+)">`).FindSubmatch(raw)
	if session == nil || m == nil {
		t.Fatal("the target page offers no review form with a token")
	}
	token := string(m[1])

	post := func(origin, tok string, withSession bool) int {
		form := url.Values{"token": {tok}, "back": {"/"}}
		req, _ := http.NewRequest("POST", srv.URL+"/link/"+strconv.FormatInt(l.ID, 10)+"/confirm", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if withSession {
			req.AddCookie(session)
		}
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct {
		name, origin, token string
		session             bool
	}{
		{"another site", "http://evil.example", token, true},
		{"no origin", "", token, true},
		{"no token", srv.URL, "", true},
		{"a wrong token", srv.URL, strings.Repeat("0", 64), true},
		{"no session", srv.URL, token, false},
	} {
		if code := post(c.origin, c.token, c.session); code != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", c.name, code)
		}
	}
	if got, _ := st.Links(ctx); got[0].Decision != "" {
		t.Fatalf("a refused review was recorded: %+v", got[0])
	}
	if code := post(srv.URL, token, true); code != http.StatusSeeOther {
		t.Fatalf("review: status %d", code)
	}
	got, _ := st.Links(ctx)
	for _, x := range got {
		if x.ID == l.ID && (x.Decision != store.LinkConfirmed || x.DecidedBy != "测试") {
			t.Errorf("after the review: %+v", x)
		}
	}

	// rejecting the link from the third-quarter bulletin to the plan's 托位
	// leaves the plan the second quarter's 70 %, and makes the bulletin's
	// target one of its own: one target more, at once
	plan := yuhuanTarget(t, st)
	hist, err := st.History(ctx, plan.TargetID)
	if err != nil || len(hist) != 2 || hist[1].LinkID == nil {
		t.Fatalf("history %+v, %v", hist, err)
	}
	targets := idInt(t, get(t, s, "/", 200), "total-targets")
	form := url.Values{"token": {token}}
	req, _ := http.NewRequest("POST", srv.URL+"/link/"+strconv.FormatInt(*hist[1].LinkID, 10)+"/reject", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	req.AddCookie(session)
	resp, err = (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %v %v", resp, err)
	}
	resp.Body.Close()
	if got := idText(t, get(t, s, "/target/"+strconv.FormatInt(plan.TargetID, 10), 200), "latest-done"); got != "210" {
		t.Errorf("after the rejection the latest report is %s, want the second quarter's 210", got)
	}
	if after := idInt(t, get(t, s, "/", 200), "total-targets"); after != targets+1 {
		t.Errorf("after the rejection the overview counts %d targets, was %d", after, targets)
	}
}

// The overview kept in memory follows what is stored meanwhile.
func TestOverviewFollowsTheStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, sqliteSample(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := newServer(t, st, Options{})
	before := idInt(t, get(t, s, "/", 200), "total-targets")
	if again := idInt(t, get(t, s, "/", 200), "total-targets"); again != before {
		t.Fatalf("the same overview twice: %d, then %d targets", before, again)
	}
	meta := yuhuanPlanMeta
	meta.Year, meta.Source = 2022, "yuhuan-2022-plan.txt"
	doc, err := loaders.LoadBytes("yuhuan-2022-plan.txt", []byte(strings.ReplaceAll(yuhuanPlan, "2021", "2022")), loaders.Options{Meta: meta})
	if err != nil {
		t.Fatal(err)
	}
	recs := extract.ExtractWith(doc, extract.Options{})
	if _, err := st.Ingest(ctx, doc.Info, recs); err != nil {
		t.Fatal(err)
	}
	time.Sleep(memoCheck)
	if after := idInt(t, get(t, s, "/", 200), "total-targets"); after != before+len(recs) {
		t.Errorf("after storing a plan of %d targets the overview counts %d, was %d", len(recs), after, before)
	}
}
