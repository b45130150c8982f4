package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

func yuhuan(source, sha string, year int) corpus.DocInfo {
	return corpus.DocInfo{
		Source:    source,
		SHA256:    sha,
		Title:     corpus.Ptr(fmt.Sprintf("关于%d年市政府民生实事项目完成情况的通报", year)),
		DocNo:     corpus.Ptr("玉市委、市政府督通〔2021〕37号"),
		Published: corpus.Ptr(fmt.Sprintf("%d-11-29", year)),
		Year:      corpus.Ptr(year),
		Region:    corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr("台州市"), County: corpus.Ptr("玉环市")},
		Kind:      corpus.DocProgress,
		Format:    "html",
		Charset:   "utf-8",
	}
}

// rec builds a record of item no with one target and, when status is not "",
// its progress.
func rec(no, name, metric string, value float64, unit string, status string, rate float64) corpus.Record {
	r := corpus.Record{
		Section:   corpus.Ptr("附件2 民生实事项目完成情况表"),
		Kind:      corpus.KindLivelihood,
		ItemNo:    corpus.Ptr(no),
		Name:      name,
		Metric:    corpus.Ptr(metric),
		Target:    corpus.Target{Value: corpus.Ptr(value), Unit: corpus.Ptr(unit), Raw: fmt.Sprintf("%s%g%s", metric, value, unit)},
		LeadUnits: []string{"市卫生健康局"},
		Provenance: corpus.Provenance{
			Table: corpus.Ptr(2), Row: corpus.Ptr(6), Col: corpus.Ptr(3),
		},
	}
	if status != "" {
		r.Progress = &corpus.Progress{
			AsOfRaw:        corpus.Ptr("截至9月底"),
			AsOf:           corpus.Ptr("2021-09-30"),
			CompletedValue: corpus.Ptr(value * rate / 100),
			RatePct:        corpus.Ptr(rate),
			Status:         corpus.Ptr(status),
			Raw:            corpus.Ptr(fmt.Sprintf("完成率%g%%", rate)),
		}
	}
	return r
}

// sampleRecords are three targets of two items, two of them with progress.
func sampleRecords() []corpus.Record {
	return []corpus.Record{
		rec("6", "新增婴幼儿照护服务机构5家,新增托位300个", "新增照护服务机构", 5, "家", corpus.StatusCompleted, 120),
		rec("6", "新增婴幼儿照护服务机构5家,新增托位300个", "新增托位", 300, "个", corpus.StatusCompleted, 182.67),
		rec("7", "改造老旧小区20个", "改造老旧小区", 20, "个", "", 0),
	}
}

func counts(docs, items, targets, progress int64) map[string]int64 {
	return map[string]int64{"documents": docs, "items": items, "targets": targets, "progress": progress}
}

func mustCounts(t *testing.T, s *Store) map[string]int64 {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func queryInt(t *testing.T, s *Store, q string, args ...any) int64 {
	t.Helper()
	_, rows, err := s.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(rows) != 1 || len(rows[0]) != 1 {
		t.Fatalf("%s: got %v, want one value", q, rows)
	}
	n, ok := rows[0][0].(int64)
	if !ok {
		t.Fatalf("%s: got %T %v, want int64", q, rows[0][0], rows[0][0])
	}
	return n
}

func TestIngestOutcomes(t *testing.T) { forEachBackend(t, testIngestOutcomes) }

func testIngestOutcomes(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	a := yuhuan("https://example.gov.cn/a.html", "aaaa", 2021)
	one := sampleRecords()[:1]

	steps := []struct {
		name    string
		doc     corpus.DocInfo
		recs    []corpus.Record
		want    Outcome
		counts  map[string]int64
		sources int64
	}{
		{"new", a, sampleRecords(), New, counts(1, 2, 3, 2), 1},
		{"same again", a, sampleRecords(), Unchanged, counts(1, 2, 3, 2), 1},
		{"same content, other source", withSource(a, "/mirror/a.html"), sampleRecords(), Unchanged, counts(1, 2, 3, 2), 2},
		{"other source again", withSource(a, "/mirror/a.html"), sampleRecords(), Unchanged, counts(1, 2, 3, 2), 2},
		{"second document", yuhuan("https://example.gov.cn/b.html", "bbbb", 2022), one, New, counts(2, 3, 4, 3), 3},
		{"no records", yuhuan("https://example.gov.cn/c.html", "cccc", 2022), nil, New, counts(3, 3, 4, 3), 4},
		{"replaced", yuhuan("https://example.gov.cn/b.html", "bbb2", 2022), sampleRecords(), Replaced, counts(3, 4, 6, 4), 4},
	}
	for _, st := range steps {
		got, err := s.Ingest(ctx, st.doc, st.recs)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got != st.want {
			t.Errorf("%s: outcome %q, want %q", st.name, got, st.want)
		}
		if c := mustCounts(t, s); !reflect.DeepEqual(c, st.counts) {
			t.Errorf("%s: counts %v, want %v", st.name, c, st.counts)
		}
		if n := queryInt(t, s, `SELECT COUNT(*) FROM document_sources`); n != st.sources {
			t.Errorf("%s: %d document sources, want %d", st.name, n, st.sources)
		}
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM documents WHERE sha256 = ?`, "bbbb"); n != 0 {
		t.Errorf("replaced document still stored")
	}
	if n := queryInt(t, s, `SELECT record_count FROM documents WHERE sha256 = ?`, "bbb2"); n != 3 {
		t.Errorf("record_count %d, want 3", n)
	}
}

func withSource(d corpus.DocInfo, src string) corpus.DocInfo {
	d.Source = src
	return d
}

func TestIngestReplaceRemovesOldRows(t *testing.T) {
	forEachBackend(t, testIngestReplaceRemovesOldRows)
}

func testIngestReplaceRemovesOldRows(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	src := "/data/yuhuan.docx"
	if _, err := s.Ingest(ctx, yuhuan(src, "v1", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	newer := []corpus.Record{rec("1", "新建公园3个", "新建公园", 3, "个", corpus.StatusBehind, 33.3)}
	out, err := s.Ingest(ctx, yuhuan(src, "v2", 2021), newer)
	if err != nil || out != Replaced {
		t.Fatalf("got %q, %v; want replaced", out, err)
	}
	if c := mustCounts(t, s); !reflect.DeepEqual(c, counts(1, 1, 1, 1)) {
		t.Errorf("counts %v", c)
	}
	for _, q := range []string{
		`SELECT COUNT(*) FROM items WHERE name LIKE '%托位%'`,
		`SELECT COUNT(*) FROM targets WHERE document_id NOT IN (SELECT id FROM documents)`,
		`SELECT COUNT(*) FROM progress WHERE target_id NOT IN (SELECT id FROM targets)`,
		`SELECT COUNT(*) FROM document_sources WHERE document_id NOT IN (SELECT id FROM documents)`,
	} {
		if n := queryInt(t, s, q); n != 0 {
			t.Errorf("%s = %d, want 0", q, n)
		}
	}
}

// A source whose old content is still known from another source loses only
// its link to it.
func TestIngestReplaceSharedContent(t *testing.T) { forEachBackend(t, testIngestReplaceSharedContent) }

func testIngestReplaceSharedContent(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	if _, err := s.Ingest(ctx, yuhuan("/a", "same", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, yuhuan("/b", "same", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	out, err := s.Ingest(ctx, yuhuan("/a", "changed", 2021), sampleRecords()[:1])
	if err != nil || out != Replaced {
		t.Fatalf("got %q, %v; want replaced", out, err)
	}
	if c := mustCounts(t, s); !reflect.DeepEqual(c, counts(2, 3, 4, 3)) {
		t.Errorf("counts %v", c)
	}
	_, rows, err := s.Query(ctx, `SELECT d.sha256, d.source, ds.source FROM document_sources ds JOIN documents d ON d.id = ds.document_id ORDER BY ds.source`)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"changed", "/a", "/a"}, {"same", "/b", "/b"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("sources %v, want %v", rows, want)
	}
}

// badRecords fail on their third record: its progress status violates a CHECK
// constraint after the document, its items and two targets were written.
func badRecords() []corpus.Record {
	rs := sampleRecords()
	rs[2].Progress = &corpus.Progress{Status: corpus.Ptr("finished-ish")}
	return rs
}

func TestIngestFailureLeavesNothing(t *testing.T) { forEachBackend(t, testIngestFailureLeavesNothing) }

func testIngestFailureLeavesNothing(t *testing.T, bk backend) {
	ctx := context.Background()
	tests := []struct {
		name string
		seed bool // a good version of the same source is stored first
		doc  corpus.DocInfo
		recs []corpus.Record
	}{
		{"bad progress status", false, yuhuan("/x", "x1", 2021), badRecords()},
		{"bad item kind", false, yuhuan("/x", "x1", 2021), func() []corpus.Record {
			rs := sampleRecords()
			rs[1].Kind = "bogus"
			rs[1].ItemNo = corpus.Ptr("9")
			return rs
		}()},
		{"bad qualifier", false, yuhuan("/x", "x1", 2021), func() []corpus.Record {
			rs := sampleRecords()
			rs[2].Target.Qualifier = corpus.Ptr("roughly")
			return rs
		}()},
		{"bad document kind", false, func() corpus.DocInfo { d := yuhuan("/x", "x1", 2021); d.Kind = "memo"; return d }(), sampleRecords()},
		{"failed replacement keeps the old version", true, yuhuan("/x", "x2", 2021), badRecords()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := bk.open(t)
			if tt.seed {
				if _, err := s.Ingest(ctx, yuhuan("/x", "x0", 2021), sampleRecords()); err != nil {
					t.Fatal(err)
				}
			}
			before := mustCounts(t, s)
			out, err := s.Ingest(ctx, tt.doc, tt.recs)
			if err == nil || out != Failed {
				t.Fatalf("got %q, %v; want failed with an error", out, err)
			}
			if c := mustCounts(t, s); !reflect.DeepEqual(c, before) {
				t.Errorf("counts %v after a failed ingest, want %v", c, before)
			}
			if n := queryInt(t, s, `SELECT COUNT(*) FROM document_sources`); n != before["documents"] {
				t.Errorf("%d document sources, want %d", n, before["documents"])
			}
			if tt.seed {
				if n := queryInt(t, s, `SELECT COUNT(*) FROM documents WHERE sha256 = 'x0'`); n != 1 {
					t.Errorf("old version gone after a failed replacement")
				}
			}
		})
	}
}

func TestIngestRejectsIncompleteDocInfo(t *testing.T) {
	forEachBackend(t, testIngestRejectsIncompleteDocInfo)
}

func testIngestRejectsIncompleteDocInfo(t *testing.T, bk backend) {
	s, _ := bk.open(t)
	for _, d := range []corpus.DocInfo{yuhuan("", "s", 2021), yuhuan("/s", "", 2021)} {
		if out, err := s.Ingest(context.Background(), d, sampleRecords()); err == nil || out != Failed {
			t.Errorf("Ingest(%q, %q) = %q, %v; want an error", d.Source, d.SHA256, out, err)
		}
	}
}

func TestStoredRecordIsCanonical(t *testing.T) { forEachBackend(t, testStoredRecordIsCanonical) }

func testStoredRecordIsCanonical(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	doc := yuhuan("/r", "r1", 2021)
	recs := sampleRecords()
	recs[0].Doc = doc
	recs[0].Deadline = &corpus.Deadline{Raw: "年内", Date: corpus.Ptr("2021-12-31")}
	recs[0].Breakdown = []corpus.AreaValue{{Area: "鹿城", Value: corpus.Ptr(350.0)}}
	recs[0].Flags = []string{corpus.FlagComputedRate}
	recs[0].BudgetWan = corpus.Ptr(120.5)
	if _, err := s.Ingest(ctx, doc, recs); err != nil {
		t.Fatal(err)
	}
	_, rows, err := s.Query(ctx, `SELECT record, deadline, deadline_raw, breakdown, flags, budget_wan, prov_table FROM targets ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d targets, want 3", len(rows))
	}
	for i, row := range rows {
		var got corpus.Record
		if err := json.Unmarshal([]byte(row[0].(string)), &got); err != nil {
			t.Fatal(err)
		}
		want := recs[i]
		want.Doc = doc // records without a doc get the document's
		want.Normalized()
		if !reflect.DeepEqual(&got, &want) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i+1, got, want)
		}
	}
	if want := []any{"2021-12-31", "年内", `[{"area":"鹿城","value":350}]`, `["computed_rate"]`, 120.5, int64(2)}; !reflect.DeepEqual(rows[0][1:], want) {
		t.Errorf("columns %v, want %v", rows[0][1:], want)
	}
	if recs[2].LeadUnits == nil || recs[2].Flags != nil {
		t.Errorf("Ingest changed the caller's records")
	}
}

func TestOpenReadOnlyRefusesWrites(t *testing.T) { forEachBackend(t, testOpenReadOnlyRefusesWrites) }

func testOpenReadOnlyRefusesWrites(t *testing.T, bk backend) {
	ctx := context.Background()
	s, dsn := bk.open(t)
	if _, err := s.Ingest(ctx, yuhuan("/a", "a", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	o, err := Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()

	ro, err := OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	// The same list is refused by both engines; some statements are SQLite's
	// own, some PostgreSQL's, and each engine must refuse the other's too.
	writes := []string{
		`INSERT INTO documents (sha256, source, kind, ingested_at, record_count) VALUES ('z', 'z', 'plan', 'now', 0)`,
		`UPDATE documents SET title = 'x'`,
		`DELETE FROM documents`,
		`DROP TABLE documents`,
		`DROP VIEW target_progress`,
		`CREATE TABLE t (x INTEGER)`,
		`CREATE TEMP TABLE t (x INTEGER)`,
		`CREATE INDEX i ON documents (title)`,
		`ALTER TABLE documents ADD COLUMN x TEXT`,
		`ATTACH DATABASE '` + other + `' AS other`,
		`ATTACH DATABASE '` + filepath.Join(t.TempDir(), "new.db") + `' AS other`,
		`PRAGMA query_only = OFF`,
		`PRAGMA user_version = 7`,
		`PRAGMA journal_mode = WAL`,
		`PRAGMA foreign_keys = OFF`,
		`VACUUM`,
		`REINDEX`,
		`WITH x AS (SELECT 1) DELETE FROM documents`,
		`WITH x AS (SELECT 1) INSERT INTO document_sources SELECT 1, 'y' FROM x`,
		`SELECT 1; DELETE FROM documents`,
		`SELECT COUNT(*) FROM documents; DROP TABLE targets;`,
		`DELETE FROM progress; SELECT 1`,
		`REPLACE INTO document_sources VALUES (1, 'q')`,
		`INSERT INTO ingest_failures (source, error, failed_at) VALUES ('s', 'e', 't') ON CONFLICT (source) DO NOTHING`,
		`UPDATE documents SET title = 'x' RETURNING id`,
		`TRUNCATE documents`,
		`TRUNCATE TABLE progress CASCADE`,
		`CREATE SEQUENCE q`,
		`SELECT nextval('documents_id_seq')`,
		`SELECT * FROM documents FOR UPDATE`,
		`COMMENT ON TABLE documents IS 'x'`,
		`DO $$ BEGIN DELETE FROM documents; END $$`,
		`SET TRANSACTION READ WRITE; DELETE FROM documents`,
		`SET default_transaction_read_only = off; DELETE FROM documents`,
		`SELECT set_config('transaction_read_only', 'off', false)`,
		`COPY documents FROM STDIN`,
		`CREATE DATABASE minsheng_other`,
		`CREATE SCHEMA other`,
		`GRANT ALL ON documents TO PUBLIC`,
		`CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
	}
	for _, st := range []struct {
		name string
		s    *Store
	}{{"OpenReadOnly", ro}, {"Open", s}} {
		for _, q := range writes {
			_, _, err := st.s.Query(ctx, q)
			if err == nil {
				t.Errorf("%s: Query(%q) succeeded, want an error", st.name, q)
				continue
			}
			t.Logf("%s: %s: %v", st.name, q, err)
		}
	}
	// Maintenance that changes no row: SQLite refuses it; PostgreSQL allows it
	// in a read-only transaction (to the table's owner), and the content stays
	// as it was.
	for _, q := range []string{
		`ANALYZE`,
		`REINDEX TABLE documents`,
		`CLUSTER documents USING documents_source`,
		`LOCK TABLE documents IN ACCESS EXCLUSIVE MODE`,
	} {
		_, _, err := ro.Query(ctx, q)
		if bk.name == "sqlite" && err == nil {
			t.Errorf("Query(%q) succeeded, want an error", q)
		}
	}
	if c := mustCounts(t, ro); !reflect.DeepEqual(c, counts(1, 2, 3, 2)) {
		t.Errorf("counts %v after refused writes", c)
	}
	if n := queryInt(t, ro, `SELECT COUNT(*) FROM ingest_failures`); n != 0 {
		t.Errorf("%d ingest failures, want 0", n)
	}
	// Reading still works, SQLite's pragmas that only report included.
	reads := []string{
		`SELECT COUNT(*) FROM target_progress`,
		`WITH x AS (SELECT id FROM documents) SELECT COUNT(*) FROM x`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT COUNT(*) FROM n`,
	}
	if bk.name == "sqlite" {
		reads = append(reads, `PRAGMA user_version`, `PRAGMA table_info(documents)`, `SELECT name FROM sqlite_master WHERE type = 'view'`)
	} else {
		reads = append(reads, `SHOW default_transaction_read_only`, `SELECT table_name FROM information_schema.views`,
			// A session setting changed by a statement does not outlive it.
			`SELECT set_config('default_transaction_read_only', 'off', false)`, `SET TRANSACTION READ WRITE`)
	}
	for _, q := range reads {
		if _, _, err := ro.Query(ctx, q); err != nil {
			t.Errorf("Query(%q): %v", q, err)
		}
	}
	if _, err := ro.Ingest(ctx, yuhuan("/b", "b", 2021), nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Ingest on a read-only store: %v, want ErrReadOnly", err)
	}
	if err := ro.RecordFailure(ctx, "/b", "", errors.New("x")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("RecordFailure on a read-only store: %v, want ErrReadOnly", err)
	}
	if rows, err := ro.Report(ctx, ReportFilter{}); err != nil || len(rows) != 3 {
		t.Errorf("Report on a read-only store: %d rows, %v", len(rows), err)
	}
	// After the settings above, writes are still refused.
	for _, q := range []string{`DELETE FROM documents`, `CREATE TABLE t2 (x INTEGER)`} {
		if _, _, err := ro.Query(ctx, q); err == nil {
			t.Errorf("Query(%q) succeeded after the session settings, want an error", q)
		}
	}
	if c := mustCounts(t, s); !reflect.DeepEqual(c, counts(1, 2, 3, 2)) {
		t.Errorf("counts %v after refused writes", c)
	}
}

// Without the authorizer, the connection itself still refuses to write.
func TestReadOnlyConnection(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if _, err := s.Ingest(ctx, yuhuan("/a", "a", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", readOnlyURI(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var qo int
	if err := db.QueryRowContext(ctx, `PRAGMA query_only`).Scan(&qo); err != nil || qo != 1 {
		t.Errorf("query_only = %d, %v; want 1", qo, err)
	}
	for _, q := range []string{
		`DELETE FROM documents`,
		`CREATE TABLE t (x)`,
		`PRAGMA user_version = 7`,
	} {
		if _, err := db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded with query_only", q)
		}
	}
	// Turning query_only off leaves the file opened read-only.
	if _, err := db.ExecContext(ctx, `PRAGMA query_only = OFF`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM documents`); err == nil || !strings.Contains(strings.ToLower(err.Error()), "readonly") {
		t.Errorf("DELETE on a mode=ro connection: %v, want a readonly error", err)
	}
	if c := mustCounts(t, s); c["documents"] != 1 {
		t.Errorf("counts %v", c)
	}
}

func TestConcurrentIngest(t *testing.T) { forEachBackend(t, testConcurrentIngest) }

func testConcurrentIngest(t *testing.T, bk backend) {
	ctx := context.Background()
	s, dsn := bk.open(t)
	// A second store on the same database competes for the lock from outside s's pool.
	s2, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	const n = 16
	errs := make(chan error, n)
	for i := range n {
		go func() {
			st := s
			if i%2 == 1 {
				st = s2
			}
			_, err := st.Ingest(ctx, yuhuan(fmt.Sprintf("/c/%d", i%8), fmt.Sprintf("c%d", i), 2021), sampleRecords())
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	// Eight sources; each kept one version.
	if c := mustCounts(t, s); !reflect.DeepEqual(c, counts(8, 16, 24, 16)) {
		t.Errorf("counts %v", c)
	}
}

func TestOpenReadOnlyErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope", "minsheng.db")
	_, err := OpenReadOnly(ctx, "sqlite:"+missing)
	if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "minsheng ingest") || !strings.Contains(err.Error(), "minsheng demo") {
		t.Errorf("missing database: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("OpenReadOnly created %s", filepath.Dir(missing))
	}
	notStore := filepath.Join(dir, "plain.db")
	if err := os.WriteFile(notStore, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(ctx, notStore); err == nil || !strings.Contains(err.Error(), "not a minsheng database") {
		t.Errorf("empty file: %v", err)
	}
	if _, err := OpenReadOnly(ctx, dir); err == nil {
		t.Errorf("directory opened as a store")
	}
}

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn, path string
		err       string
	}{
		{"sqlite:/tmp/m.db", "/tmp/m.db", ""},
		{"sqlite:rel/m.db", "rel/m.db", ""},
		{"file:/tmp/m.db", "/tmp/m.db", ""},
		{"file:///tmp/a%20b.db?mode=ro", "/tmp/a b.db", ""},
		{"/tmp/m.db", "/tmp/m.db", ""},
		{"m.db", "m.db", ""},
		{"postgres://u@localhost/minsheng", "", ""},
		{"postgresql://localhost/minsheng", "", ""},
		{"", "", "empty DSN"},
		{"sqlite:", "", "names no database file"},
		{"sqlite::memory:", "", "names no database file"},
	}
	for _, tt := range tests {
		got, err := parseDSN(tt.dsn)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseDSN(%q): %v, want error %q", tt.dsn, err, tt.err)
			}
		case err != nil:
			t.Errorf("parseDSN(%q): %v", tt.dsn, err)
		case got.path != tt.path:
			t.Errorf("parseDSN(%q) = %q, want %q", tt.dsn, got.path, tt.path)
		}
	}
	for _, dsn := range []string{"postgres://u@localhost/minsheng", "postgresql://localhost/minsheng"} {
		if got, _ := parseDSN(dsn); got.dialect != postgresDialect || got.dsn != dsn {
			t.Errorf("parseDSN(%q) = %+v, want PostgreSQL", dsn, got)
		}
	}
	// A password is not repeated in errors.
	_, err := Open(context.Background(), "postgres://u:secret@127.0.0.1:1/x?connect_timeout=1")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open(unreachable postgres) = %v, want an error without the password", err)
	}
}

func TestDefaultDSN(t *testing.T) {
	t.Setenv("MINSHENG_DB", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got, want := DefaultDSN(), "sqlite:"+filepath.Join("/xdg", "minsheng", "minsheng.db"); got != want {
		t.Errorf("DefaultDSN() = %q, want %q", got, want)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if got, want := DefaultDSN(), "sqlite:"+filepath.Join("/home/u", ".local", "share", "minsheng", "minsheng.db"); got != want {
		t.Errorf("DefaultDSN() = %q, want %q", got, want)
	}
	t.Setenv("MINSHENG_DB", "sqlite:/elsewhere.db")
	if got := DefaultDSN(); got != "sqlite:/elsewhere.db" {
		t.Errorf("DefaultDSN() = %q, want $MINSHENG_DB", got)
	}
}

func TestMigrationsIdempotent(t *testing.T) { forEachBackend(t, testMigrationsIdempotent) }

func testMigrationsIdempotent(t *testing.T, bk backend) {
	ctx := context.Background()
	s, dsn := bk.open(t)
	if _, err := s.Ingest(ctx, yuhuan("/a", "a", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if bk.name == "sqlite" {
		dsn = "file:" + dsn[len("sqlite:"):]
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if n := queryInt(t, s, `SELECT COUNT(*) FROM schema_migrations`); n != int64(len(ms)) {
			t.Errorf("reopen %d: %d migrations recorded, want %d", i, n, len(ms))
		}
		if c := mustCounts(t, s); !reflect.DeepEqual(c, counts(1, 2, 3, 2)) {
			t.Errorf("reopen %d: counts %v", i, c)
		}
		s.Close()
	}
	if len(ms) == 0 || ms[0].version != 1 {
		t.Errorf("migrations %v, want them to start at 0001", ms)
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].version != ms[i-1].version+1 {
			t.Errorf("migration %s does not follow %s", ms[i].name, ms[i-1].name)
		}
	}
}

func TestRecordFailure(t *testing.T) { forEachBackend(t, testRecordFailure) }

func testRecordFailure(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	failures := func() [][]any {
		_, rows, err := s.Query(ctx, `SELECT source, sha256, error FROM ingest_failures ORDER BY source`)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	if err := s.RecordFailure(ctx, "/bad.pdf", "", errors.New("pdf: encrypted")); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFailure(ctx, "/bad.pdf", "ffff", errors.New("pdf: page 3: malformed")); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFailure(ctx, "/other.doc", "", errors.New("doc: unsupported")); err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"/bad.pdf", "ffff", "pdf: page 3: malformed"}, {"/other.doc", nil, "doc: unsupported"}}
	if got := failures(); !reflect.DeepEqual(got, want) {
		t.Errorf("failures %v, want %v", got, want)
	}
	if _, err := s.Ingest(ctx, yuhuan("/bad.pdf", "ffff", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	if got := failures(); !reflect.DeepEqual(got, want[1:]) {
		t.Errorf("failures after ingest %v, want %v", got, want[1:])
	}
	// A failed ingest does not clear the failure.
	if err := s.RecordFailure(ctx, "/x", "", errors.New("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, yuhuan("/x", "x", 2021), badRecords()); err == nil {
		t.Fatal("bad records ingested")
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM ingest_failures WHERE source = '/x'`); n != 1 {
		t.Errorf("failure of /x cleared by a failed ingest")
	}
}

func TestReport(t *testing.T) { forEachBackend(t, testReport) }

func testReport(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	lucheng := func(source, sha string, year int) corpus.DocInfo {
		d := yuhuan(source, sha, year)
		d.Region = corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr("温州市"), County: corpus.Ptr("鹿城区")}
		return d
	}
	keyWork := rec("1", "推进城市更新", "城市更新项目", 4, "个", corpus.StatusOnTrack, 100)
	keyWork.Kind = corpus.KindKeyWork
	noStatus := rec("3.2", "新增停车位", "新增停车位", 1000, "个", "", 0)
	// 80% at the as-of date, past its deadline: behind although no status says so
	noStatus.Progress = &corpus.Progress{RatePct: corpus.Ptr(80.0), AsOf: corpus.Ptr("2021-12-31")}
	noStatus.Deadline = &corpus.Deadline{Raw: "11月底前", Date: corpus.Ptr("2021-11-30")}
	docs := []struct {
		doc  corpus.DocInfo
		recs []corpus.Record
	}{
		{yuhuan("/y21", "y21", 2021), []corpus.Record{
			rec("10", "十号", "m10", 10, "个", corpus.StatusCompleted, 100),
			rec("2", "二号", "m2", 2, "个", corpus.StatusCompleted, 100),
			rec("3.1", "三点一", "m31", 31, "个", corpus.StatusNotCompleted, 90),
			noStatus,
			rec("", "无编号", "m", 1, "个", "", 0),
			keyWork,
		}},
		{yuhuan("/y20", "y20", 2020), []corpus.Record{
			rec("1", "去年一号", "m1", 1, "个", corpus.StatusBehind, 10),
		}},
		{lucheng("/lc", "lc", 2021), []corpus.Record{
			rec("1", "鹿城一号", "m1", 1, "个", corpus.StatusCompleted, 100),
		}},
	}
	for _, d := range docs {
		if _, err := s.Ingest(ctx, d.doc, d.recs); err != nil {
			t.Fatal(err)
		}
	}
	key := func(r ReportRow) string {
		y := 0
		if r.Year != nil {
			y = *r.Year
		}
		return fmt.Sprintf("%s/%d/%s", r.County, y, r.ItemNo)
	}
	tests := []struct {
		name string
		f    ReportFilter
		want []string
	}{
		{"all", ReportFilter{}, []string{
			// behind first: 玉环 2020 #1 (behind), 2021 #3.1 (not completed), #3.2 (80%, no status)
			"玉环市/2020/1", "玉环市/2021/3.1", "玉环市/2021/3.2",
			// then by region: 台州市 < 温州市 in code point order
			"玉环市/2021/1", "玉环市/2021/2", "玉环市/2021/10", "玉环市/2021/",
			"鹿城区/2021/1",
		}},
		{"behind", ReportFilter{Behind: true}, []string{"玉环市/2020/1", "玉环市/2021/3.1", "玉环市/2021/3.2"}},
		{"region county", ReportFilter{Region: "鹿城"}, []string{"鹿城区/2021/1"}},
		{"region city", ReportFilter{Region: "台州"}, []string{
			"玉环市/2020/1", "玉环市/2021/3.1", "玉环市/2021/3.2",
			"玉环市/2021/1", "玉环市/2021/2", "玉环市/2021/10", "玉环市/2021/",
		}},
		{"region province", ReportFilter{Region: "浙江", Year: 2020}, []string{"玉环市/2020/1"}},
		{"region wildcard is literal", ReportFilter{Region: "%"}, nil},
		{"year", ReportFilter{Year: 2021, Behind: true}, []string{"玉环市/2021/3.1", "玉环市/2021/3.2"}},
		{"kind", ReportFilter{Kind: corpus.KindKeyWork}, []string{"玉环市/2021/1"}},
		{"nothing", ReportFilter{Year: 1999}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.Report(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, key(r))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}

	rows, err := s.Report(ctx, ReportFilter{Region: "玉环", Year: 2021, Behind: true})
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	want := ReportRow{
		Region: "浙江省台州市玉环市", Province: "浙江省", City: "台州市", County: "玉环市",
		Year: corpus.Ptr(2021), Kind: corpus.KindLivelihood, ItemNo: "3.1", Name: "三点一",
		Metric: "m31", Unit: "个", Target: corpus.Ptr(31.0), Completed: corpus.Ptr(31 * 90 / 100.0),
		RatePct: corpus.Ptr(90.0), Status: corpus.StatusNotCompleted, AsOf: "2021-09-30",
		LeadUnits: "市卫生健康局", Source: "/y21", DocKind: corpus.DocProgress, Behind: true, TargetID: r.TargetID,
		ReportSource: "/y21",
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("row\n got %+v\nwant %+v", r, want)
	}
}

func TestBehindFlag(t *testing.T) { forEachBackend(t, testBehindFlag) }

func testBehindFlag(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	tests := []struct {
		status   string // "" for none
		rate     *float64
		asOf     string // "" for none: the document's publish date counts
		deadline string // "" for none
		behind   int64
	}{
		{corpus.StatusBehind, nil, "", "", 1},
		{corpus.StatusNotCompleted, corpus.Ptr(100.0), "", "", 1},
		{corpus.StatusCompleted, corpus.Ptr(90.0), "2021-12-31", "2021-11-30", 0},
		{corpus.StatusOnTrack, corpus.Ptr(75.0), "2021-09-30", "2021-11-30", 0},
		{corpus.StatusOnTrack, corpus.Ptr(75.0), "", "", 0},
		{corpus.StatusOnTrack, nil, "", "", 0},
		{"", corpus.Ptr(99.9), "2021-12-01", "2021-11-30", 1},
		{"", corpus.Ptr(99.9), "", "2021-11-28", 1}, // published 2021-11-29, after the deadline
		{"", corpus.Ptr(99.9), "", "2021-11-30", 0}, // published before the deadline
		{"", corpus.Ptr(24.0), "2023-04-10", "2023-11-30", 0},
		{"", corpus.Ptr(150.0), "", "", 0},
		{"", nil, "", "", 0},
	}
	var recs []corpus.Record
	for i, tt := range tests {
		r := rec(fmt.Sprint(i+1), fmt.Sprint("item", i+1), "m", 1, "个", "", 0)
		r.Progress = &corpus.Progress{RatePct: tt.rate}
		if tt.asOf != "" {
			r.Progress.AsOf = corpus.Ptr(tt.asOf)
		}
		if tt.deadline != "" {
			r.Deadline = &corpus.Deadline{Raw: tt.deadline, Date: corpus.Ptr(tt.deadline)}
		}
		if tt.status != "" {
			r.Progress.Status = corpus.Ptr(tt.status)
		}
		recs = append(recs, r)
	}
	recs = append(recs, rec("99", "no progress", "m", 1, "个", "", 0))
	if _, err := s.Ingest(ctx, yuhuan("/b", "b", 2021), recs); err != nil {
		t.Fatal(err)
	}
	_, rows, err := s.Query(ctx, `SELECT behind FROM target_progress ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if rows[i][0] != tt.behind {
			t.Errorf("status %q rate %v: behind %v, want %d", tt.status, tt.rate, rows[i][0], tt.behind)
		}
	}
	if rows[len(tests)][0] != int64(0) {
		t.Errorf("target without progress is behind")
	}
}

func TestNaturalCompare(t *testing.T) {
	// Each list is in order.
	lists := [][]string{
		{"1", "2", "2.1", "2.2", "2.10", "3", "10", "10a", "11"},
		{"一", "二", "九", "十", "十一", "二十", "二十一", "一百零五"},
		{"（一）", "（二）", "（十）"},
		{"1", "二", "3", "十"}, // numerals compare by value, whatever their script
		{"3", "3.1", "3.1.1", "3.2"},
		{"02", "2"}, // same value: by text
		{"A1", "A2", "A10", "B1"},
	}
	for _, ordered := range lists {
		for i := range ordered {
			for j := range ordered {
				got := compareItemNo(ordered[i], ordered[j])
				want := 0
				if i < j {
					want = -1
				} else if i > j {
					want = 1
				}
				if got != want {
					t.Errorf("compareItemNo(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
				}
			}
		}
	}
	if compareItemNo("", "1") != 1 || compareItemNo("1", "") != -1 {
		t.Errorf("unnumbered items must sort last")
	}
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, sqlite, pg string }{
		{"SELECT ?", "SELECT ?", "SELECT $1"},
		{"a = ? AND b = ?", "a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = ?", "x = '?' AND y = $1"},
		{"x = 'it''s ?' AND \"q?\" = ? -- why?\n AND z = ?", "", "x = 'it''s ?' AND \"q?\" = $1 -- why?\n AND z = $2"},
	}
	for _, tt := range tests {
		if tt.sqlite != "" {
			if got := sqliteDialect.rebind(tt.in); got != tt.sqlite {
				t.Errorf("sqlite rebind(%q) = %q", tt.in, got)
			}
		}
		if got := postgresDialect.rebind(tt.in); got != tt.pg {
			t.Errorf("postgres rebind(%q) = %q, want %q", tt.in, got, tt.pg)
		}
	}
}

func TestQueryValues(t *testing.T) { forEachBackend(t, testQueryValues) }

func testQueryValues(t *testing.T, bk backend) {
	s, _ := bk.open(t)
	blob := `X'6869'`
	if bk.name == "postgres" {
		blob = `'\x6869'::bytea`
	}
	cols, rows, err := s.Query(context.Background(), `SELECT 1 AS i, 2.5 AS f, 'x' AS s, NULL AS n, `+blob+` AS b, CAST(? AS TEXT) AS arg, COUNT(*) AS c, SUM(seq) AS total FROM targets`, "a")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"i", "f", "s", "n", "b", "arg", "c", "total"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("cols %v, want %v", cols, want)
	}
	if want := [][]any{{int64(1), 2.5, "x", nil, "hi", "a", int64(0), nil}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %#v, want %#v", rows, want)
	}
}

func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	s, _ := openTemp(b)
	const n = 500
	recs := make([]corpus.Record, n)
	for i := range recs {
		recs[i] = rec(fmt.Sprint(i/3+1), fmt.Sprintf("项目%d", i/3+1), "新增托位", float64(i), "个", corpus.StatusOnTrack, 50)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		doc := yuhuan(fmt.Sprintf("/bench/%d", i), fmt.Sprintf("sha%d", i), 2021)
		if _, err := s.Ingest(ctx, doc, recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// SCHEMA.md documents every table and view column, and its examples run.
func TestSchemaDoc(t *testing.T) { forEachBackend(t, testSchemaDoc) }

func testSchemaDoc(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _ := bk.open(t)
	if _, err := s.Ingest(ctx, yuhuan("/a", "a", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	tablesQ := `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name`
	colsQ := `SELECT name FROM pragma_table_info(?)`
	if bk.name == "postgres" {
		tablesQ = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
		colsQ = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
	}
	_, tables, err := s.Query(ctx, tablesQ)
	if err != nil {
		t.Fatal(err)
	}
	ncols := 0
	for _, tr := range tables {
		name := tr[0].(string)
		if !strings.Contains(doc, "`"+name+"`") {
			t.Errorf("SCHEMA.md does not mention %s", name)
		}
		_, cols, err := s.Query(ctx, colsQ, name)
		if err != nil {
			t.Fatal(err)
		}
		ncols += len(cols)
		for _, c := range cols {
			if !strings.Contains(doc, "`"+c[0].(string)+"`") {
				t.Errorf("SCHEMA.md does not mention %s.%s", name, c[0])
			}
		}
	}
	if len(tables) < 8 || ncols < 90 {
		t.Errorf("%d tables and views with %d columns; want 8 or more with 90 or more", len(tables), ncols)
	}
	for _, block := range strings.Split(doc, "```sql")[1:] {
		block, _, _ = strings.Cut(block, "```")
		for _, q := range strings.Split(block, ";") {
			if strings.TrimSpace(stripComments(q)) == "" {
				continue
			}
			// An example for one engine says so in its comment.
			if (bk.name == "postgres" && strings.Contains(q, "(SQLite)")) || (bk.name == "sqlite" && strings.Contains(q, "(PostgreSQL)")) {
				continue
			}
			if _, _, err := s.Query(ctx, q); err != nil {
				t.Errorf("example %s: %v", q, err)
			}
		}
	}
}

func stripComments(q string) string {
	var b strings.Builder
	for line := range strings.Lines(q) {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			b.WriteString(line)
		}
	}
	return b.String()
}

func TestOddPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a b#c?d%20e", "民生.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, yuhuan("/a", "a", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at %s: %v", path, err)
	}
	ro, err := OpenReadOnly(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if c := mustCounts(t, ro); c["targets"] != 3 {
		t.Errorf("counts %v", c)
	}
}

// Records are written a batch at a time; a record that fails is named with
// the records of its batch.
func TestIngestFailureNamesRecords(t *testing.T) { forEachBackend(t, testIngestFailureNamesRecords) }

func testIngestFailureNamesRecords(t *testing.T, bk backend) {
	s, _ := bk.open(t)
	var recs []corpus.Record
	for i := range 20 {
		recs = append(recs, rec(fmt.Sprint(i+1), fmt.Sprint("item", i+1), "m", 1, "个", corpus.StatusOnTrack, 50))
	}
	recs[12].Progress.Status = corpus.Ptr("finished-ish")
	_, err := s.Ingest(context.Background(), yuhuan("/x", "x", 2021), recs)
	m := regexp.MustCompile(`records? (\d+)(?: to (\d+))?: progress: `).FindStringSubmatch(fmt.Sprint(err))
	if m == nil {
		t.Fatalf("error %v does not name the records", err)
	}
	first, _ := strconv.Atoi(m[1])
	last, _ := strconv.Atoi(cmp.Or(m[2], m[1]))
	if first > 13 || last < 13 {
		t.Errorf("error %v: records %d to %d, want 13 among them", err, first, last)
	}
}
