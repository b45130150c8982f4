package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// repo is the repository root, seen from this package's directory.
const repo = "../.."

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// copySeed copies a sample document into dir and returns its new path and
// its content.
func copySeed(t *testing.T, name, dir string) (string, []byte) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repo, "testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, src
}

// queryValue runs a query that selects one value and returns it as CSV prints it.
func queryValue(t *testing.T, db, query string) string {
	t.Helper()
	out, stderr, code := runCLI(t, "query", "--db", db, "--format", "csv", query)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 2 {
		t.Fatalf("%s: exit %d, %q %s", query, code, out, stderr)
	}
	return lines[1]
}

func seedPaths(t *testing.T) []string {
	t.Helper()
	out, _ := filepath.Glob(filepath.Join(repo, "testdata", "seeds", "*"))
	if len(out) == 0 {
		t.Fatal("no sample documents under testdata/seeds")
	}
	return out
}

// TestExtractOutputValidatesAgainstSchema checks every JSONL line printed for
// every sample document against the canonical JSON Schema.
func TestExtractOutputValidatesAgainstSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join(repo, "testdata", "schema", "target.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range seedPaths(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			out, stderr, code := runCLI(t, "extract", "--format", "jsonl", p)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			n := 0
			sc := bufio.NewScanner(strings.NewReader(out))
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				n++
				v, err := jsonschema.UnmarshalJSON(strings.NewReader(sc.Text()))
				if err != nil {
					t.Fatalf("line %d: not JSON: %v", n, err)
				}
				if err := sch.Validate(v); err != nil {
					t.Fatalf("line %d does not validate: %v\n%s", n, err, sc.Text())
				}
			}
			if n == 0 {
				t.Fatal("no records extracted")
			}
		})
	}
}

// TestSchemaCopyMatchesShared keeps testdata/schema in step with the shared
// canonical schema when it is beside the checkout.
func TestSchemaCopyMatchesShared(t *testing.T) {
	shared, err := os.ReadFile(filepath.Join(repo, "..", "shared", "schema", "target.schema.json"))
	if err != nil {
		t.Skip("shared schema not beside the checkout")
	}
	ours, err := os.ReadFile(filepath.Join(repo, "testdata", "schema", "target.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, ours) {
		t.Fatal("testdata/schema/target.schema.json differs from ../shared/schema: copy it again")
	}
}

func TestIngestTwiceChangesNothing(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	dir := filepath.Join(repo, "testdata", "seeds")
	out, stderr, code := runCLI(t, "ingest", "--db", db, dir)
	if code != exitOK {
		t.Fatalf("first ingest exit %d: %s %s", code, out, stderr)
	}
	if !strings.Contains(out, "5 new, 0 unchanged, 0 replaced, 0 failed") {
		t.Fatalf("first ingest summary: %q", out)
	}
	count := func() string {
		o, e, c := runCLI(t, "query", "--db", db, "--format", "csv",
			"SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM items), (SELECT count(*) FROM targets), (SELECT count(*) FROM progress)")
		if c != exitOK {
			t.Fatalf("query exit %d: %s", c, e)
		}
		return o
	}
	before := count()
	out, _, code = runCLI(t, "ingest", "--db", db, dir)
	if code != exitOK || !strings.Contains(out, "0 new, 5 unchanged, 0 replaced, 0 failed") {
		t.Fatalf("second ingest exit %d: %q", code, out)
	}
	if after := count(); after != before {
		t.Fatalf("row counts changed on re-ingest:\nbefore %s\nafter  %s", before, after)
	}
	// the report reads the store
	rep, e, c := runCLI(t, "report", "--db", db, "--region", "玉环", "--behind")
	if c != exitOK {
		t.Fatalf("report exit %d: %s", c, e)
	}
	if !strings.Contains(rep, "阳光厨房") {
		t.Fatalf("玉环 behind report lacks the 阳光厨房 target:\n%s", rep)
	}
}

func TestQueryRefusesWrites(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	if _, e, c := runCLI(t, "ingest", "--db", db, filepath.Join(repo, "testdata", "seeds", "yuhuan-2021-q3-bulletin.txt")); c != exitOK {
		t.Fatalf("ingest: %s", e)
	}
	for _, q := range []string{
		"DELETE FROM documents",
		"INSERT INTO documents(sha256, source) VALUES ('x', 'y')",
		"UPDATE targets SET value = 0",
		"DROP TABLE targets",
		"WITH x AS (SELECT 1) DELETE FROM documents",
	} {
		_, stderr, code := runCLI(t, "query", "--db", db, q)
		if code == exitOK {
			t.Errorf("%q was not refused", q)
		} else if stderr == "" {
			t.Errorf("%q refused without a message", q)
		}
	}
	if n := queryValue(t, db, "SELECT count(*) FROM documents"); n != "1" {
		t.Fatalf("documents after refused writes: %s", n)
	}
}

// TestBadInputGoesOn feeds a folder of junk with one good document: every bad
// file is named with its reason, the good one is read, and the exit code says
// some failed.
func TestBadInputGoesOn(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"empty.txt":  nil,
		"binary.txt": {0x00, 0x01, 0x02, 0xff, 0x00, 0x10},
		"broken.pdf": []byte("%PDF-1.4\n1 0 obj << /Type /Catalog"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good, err := os.ReadFile(filepath.Join(repo, "testdata", "seeds", "hangzhou-livelihood-lists.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "good.txt"), good, 0o644)

	out, stderr, code := runCLI(t, "extract", dir, filepath.Join(dir, "missing.txt"))
	if code != exitPartial {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitPartial, stderr)
	}
	for _, name := range []string{"empty.txt", "binary.txt", "broken.pdf", "missing.txt"} {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not name %s:\n%s", name, stderr)
		}
	}
	if !strings.Contains(out, "good.txt") {
		t.Errorf("the good document gave no records")
	}

	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	out, _, code = runCLI(t, "ingest", "--db", db, dir)
	if code != exitPartial || !strings.Contains(out, "1 new") || !strings.Contains(out, "failed") {
		t.Fatalf("ingest of junk: exit %d, %q", code, out)
	}
	rows, _, _ := runCLI(t, "query", "--db", db, "--format", "jsonl", "SELECT source FROM ingest_failures ORDER BY source")
	if strings.Count(rows, "\n") < 2 {
		t.Fatalf("failures not recorded: %q", rows)
	}

	if _, _, code := runCLI(t, "extract", filepath.Join(dir, "missing.txt")); code != exitFailed {
		t.Fatalf("nothing readable: exit %d, want %d", code, exitFailed)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nosuch"}, {"extract"}, {"extract", "--format", "xml", "x"}, {"report", "--kind", "x"}} {
		if _, _, code := runCLI(t, args...); code != exitFailed {
			t.Errorf("%v: exit %d, want %d", args, code, exitFailed)
		}
	}
	out, _, code := runCLI(t, "help")
	if code != exitOK || !strings.Contains(out, "extract") {
		t.Fatalf("help: %d %q", code, out)
	}
}

func TestExtractCSVAndTable(t *testing.T) {
	p := filepath.Join(repo, "testdata", "seeds", "yuhuan-2021-q3-bulletin.txt")
	out, _, code := runCLI(t, "extract", "--format", "csv", p)
	if code != exitOK || !strings.HasPrefix(out, "source,sha256,") {
		t.Fatalf("csv: %d %.200q", code, out)
	}
	out, _, code = runCLI(t, "extract", "--format", "table", p)
	if code != exitOK || !strings.Contains(out, "5G基站") {
		t.Fatalf("table: %d %.300q", code, out)
	}
	var first map[string]any
	jl, _, _ := runCLI(t, "extract", p)
	if err := json.Unmarshal([]byte(strings.SplitN(jl, "\n", 2)[0]), &first); err != nil {
		t.Fatal(err)
	}
	// a district's list in a city's notice: the CSV row names the district;
	// a funded target: its sources
	for _, c := range []struct{ seed, want string }{
		{"hangzhou-livelihood-lists.txt", ",浙江省,杭州市,上城区,上城区政府年度民生实事项目,"},
		{"wenzhou-2022-candidates.md", `"[{""source"":""上级支持"",""wan"":0},{""source"":""市财政统筹"",""wan"":920}`},
	} {
		out, _, code := runCLI(t, "extract", "--format", "csv", filepath.Join(repo, "testdata", "seeds", c.seed))
		if code != exitOK || !strings.Contains(out, c.want) {
			t.Errorf("csv of %s lacks %s", c.seed, c.want)
		}
	}
}

// TestIngestReplacesNewVersion edits a document after loading it: the second
// load replaces the first version's records instead of adding to them.
func TestIngestReplacesNewVersion(t *testing.T) {
	dir := t.TempDir()
	path, src := copySeed(t, "hangzhou-livelihood-lists.txt", dir)
	db := "sqlite:" + filepath.Join(dir, "m.db")
	if out, e, c := runCLI(t, "ingest", "--db", db, path); c != exitOK || !strings.Contains(out, "1 new") {
		t.Fatalf("first ingest: %d %q %s", c, out, e)
	}
	targets := func() string {
		o, e, c := runCLI(t, "query", "--db", db, "--format", "csv", "SELECT count(*), sum(target_value) FROM target_progress")
		if c != exitOK {
			t.Fatal(e)
		}
		return o
	}
	before := targets()
	// the new version restores a number the first one lost
	fixed := strings.Replace(string(src), "新建市级生活垃圾分类示范小区个", "新建市级生活垃圾分类示范小区100个", 1)
	os.WriteFile(path, []byte(fixed), 0o644)
	out, e, c := runCLI(t, "ingest", "--db", db, path)
	if c != exitOK || !strings.Contains(out, "0 new, 0 unchanged, 1 replaced") {
		t.Fatalf("second ingest: %d %q %s", c, out, e)
	}
	after := targets()
	if before == after {
		t.Fatalf("the replaced version's records did not change: %s", after)
	}
	if n := queryValue(t, db, "SELECT count(*) FROM documents"); n != "1" {
		t.Fatalf("documents after replace: %s", n)
	}
}

// TestSidecarMetadata gives a text the year and source it lacks in a sidecar.
func TestSidecarMetadata(t *testing.T) {
	path, _ := copySeed(t, "hangzhou-livelihood-lists.txt", t.TempDir())

	out, _, _ := runCLI(t, "extract", path)
	if !strings.Contains(out, `"year":null`) || !strings.Contains(out, "year_unknown") {
		t.Fatalf("without metadata the year should be null and flagged:\n%.300s", out)
	}
	os.WriteFile(path+".meta.json", []byte(`{"source": "https://www.hangzhou.gov.cn/art/2020/5/20/art_1.html", "published": "2020-05-20", "year": 2020}`), 0o644)
	out, _, code := runCLI(t, "extract", path)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(out, "year_unknown") || !strings.Contains(out, `"year":2020`) || !strings.Contains(out, `"published":"2020-05-20"`) ||
		!strings.Contains(out, `"source":"https://www.hangzhou.gov.cn/art/2020/5/20/art_1.html"`) {
		t.Fatalf("sidecar not applied:\n%.400s", out)
	}
	// a flag overrides the sidecar
	out, _, _ = runCLI(t, "extract", "--year", "2021", path)
	if !strings.Contains(out, `"year":2021`) {
		t.Fatalf("--year not applied:\n%.300s", out)
	}
}

// TestReportViews prints the analyst views through report, with filters.
func TestReportViews(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	if _, e, c := runCLI(t, "ingest", "--db", db, filepath.Join(repo, "testdata", "seeds")); c != exitOK {
		t.Fatalf("ingest: %s", e)
	}
	ids, _, c := runCLI(t, "query", "--db", db, "--format", "csv",
		"SELECT target_id FROM target_latest WHERE metric = '新增托位' AND county = '玉环市'")
	lines := strings.Split(strings.TrimSpace(ids), "\n")
	if c != exitOK || len(lines) != 2 {
		t.Fatalf("the 玉环 托位 target: exit %d, %q", c, ids)
	}
	tests := []struct {
		args []string
		rows int      // data rows printed as CSV
		want []string // in the output
	}{
		{[]string{"--summary"}, 11, []string{"玉环市,2021,livelihood,21,21,13,8", "玉环市,2021,key_work,262", "浙江省,杭州市,上城区,,livelihood,14", "浙江省,杭州市,,,livelihood,35"}},
		{[]string{"--summary", "--region", "下城"}, 1, []string{"浙江省,杭州市,下城区,,livelihood,16"}},
		{[]string{"--summary", "--region", "苍南", "--year", "2023"}, 1, []string{"苍南县,2023,livelihood,191"}},
		{[]string{"--metric", "托位"}, 4, []string{"托位,个,浙江省,台州市,玉环市,2021,1,300,548,2021-09-30"}},
		{[]string{"--metric", "托位", "--region", "温州"}, 2, nil},
		{[]string{"--no-progress", "--region", "杭州"}, 98, []string{"hangzhou-livelihood-lists.txt"}},
		{[]string{"--no-progress", "--region", "上城"}, 14, []string{"上城区政府年度民生实事项目"}},
		{[]string{"--no-progress", "--region", "玉环", "--kind", "livelihood"}, 0, nil},
		{[]string{"--history", lines[1]}, 1, []string{"新增托位548个,完成率182.67%"}},
	}
	for _, tt := range tests {
		args := append([]string{"report", "--db", db, "--format", "csv"}, tt.args...)
		out, e, c := runCLI(t, args...)
		if c != exitOK {
			t.Errorf("%v: exit %d: %s", tt.args, c, e)
			continue
		}
		if n := strings.Count(strings.TrimSpace(out), "\n"); n != tt.rows {
			t.Errorf("%v: %d rows, want %d:\n%s", tt.args, n, tt.rows, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
	if _, e, c := runCLI(t, "report", "--db", db, "--summary", "--no-progress"); c != exitFailed || !strings.Contains(e, "one of") {
		t.Errorf("two modes: exit %d, %q", c, e)
	}
}

// TestReportFindsDistrictLists reports on the district of a city's notice.
func TestReportFindsDistrictLists(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	if _, e, c := runCLI(t, "ingest", "--db", db, filepath.Join(repo, "testdata", "seeds", "hangzhou-livelihood-lists.txt")); c != exitOK {
		t.Fatalf("ingest: %s", e)
	}
	out, e, c := runCLI(t, "report", "--db", db, "--region", "拱墅", "--format", "csv")
	if c != exitOK {
		t.Fatalf("report: exit %d: %s", c, e)
	}
	if n := strings.Count(strings.TrimSpace(out), "\n"); n != 13 || !strings.Contains(out, "浙江省杭州市拱墅区") {
		t.Errorf("拱墅: %d rows, want 13 of 浙江省杭州市拱墅区:\n%s", n, out)
	}
}
