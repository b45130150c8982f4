package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"github.com/mattn/go-runewidth"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/corpus/store"

	_ "github.com/jackc/pgx/v5/stdlib"
)

const yuhuanSeed = "testdata/seeds/yuhuan-2021-q3-bulletin.txt"

// testDSNs returns a fresh SQLite store's DSN and, when
// $MINSHENG_TEST_POSTGRES names a reachable server, a fresh PostgreSQL
// schema's.
func testDSNs(t *testing.T) map[string]string {
	t.Helper()
	dsns := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "m.db")}
	base := os.Getenv("MINSHENG_TEST_POSTGRES")
	if base == "" {
		t.Log("SKIPPING the PostgreSQL half: $MINSHENG_TEST_POSTGRES is not set")
		return dsns
	}
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		t.Logf("SKIPPING the PostgreSQL half: no server at $MINSHENG_TEST_POSTGRES: %v", err)
		return dsns
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "minsheng_cmd_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsns["postgres"] = u.String()
	return dsns
}

func TestMigrateCommand(t *testing.T) {
	for name, dsn := range testDSNs(t) {
		t.Run(name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "migrate", "--db", dsn)
			if code != exitOK || !strings.Contains(out, "applied 0001_init\n") || !strings.Contains(out, "applied 0002_links\n") {
				t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
			}
			out, _, code = runCLI(t, "migrate", "--db", dsn)
			if code != exitOK || strings.Contains(out, "applied 0") || !strings.Contains(out, "(0 migrations applied now)") {
				t.Errorf("migrate again: exit %d\n%s", code, out)
			}
			if _, _, code := runCLI(t, "migrate", "--db", dsn, "extra"); code != exitFailed {
				t.Errorf("migrate with an argument: exit %d", code)
			}
		})
	}
}

func TestExportJSONLIsExtractOutput(t *testing.T) {
	seed := filepath.Join(repo, yuhuanSeed)
	want, _, code := runCLI(t, "extract", "--source", yuhuanSeed, seed)
	if code != exitOK {
		t.Fatal("extract failed")
	}
	for name, dsn := range testDSNs(t) {
		t.Run(name, func(t *testing.T) {
			if _, e, c := runCLI(t, "ingest", "--db", dsn, "--source", yuhuanSeed, seed); c != exitOK {
				t.Fatalf("ingest: %s", e)
			}
			got, e, c := runCLI(t, "export", "--db", dsn, "--format", "jsonl")
			if c != exitOK {
				t.Fatalf("export: %s", e)
			}
			if got != want {
				t.Errorf("export --format jsonl differs from extract:\n got %.300s\nwant %.300s", got, want)
			}
			// CSV of the default view, and of a query.
			csv, e, c := runCLI(t, "export", "--db", dsn, "--format", "csv")
			if c != exitOK || !strings.HasPrefix(csv, "target_id,document_id,") {
				t.Errorf("export csv: exit %d %s\n%.200s", c, e, csv)
			}
			csv, _, c = runCLI(t, "export", "--db", dsn, "--format", "csv", "--query", "SELECT COUNT(*) AS n FROM targets")
			if n := strings.Count(want, "\n"); c != exitOK || csv != "n\n"+itoa(n)+"\n" {
				t.Errorf("export csv --query: %q, want %d targets", csv, n)
			}
			if _, e, c := runCLI(t, "export", "--db", dsn, "--format", "csv", "--query", "DELETE FROM targets"); c != exitFailed {
				t.Errorf("export of a DELETE: exit %d %s", c, e)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestExportXLSX(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	seed := filepath.Join(repo, yuhuanSeed)
	if _, e, c := runCLI(t, "ingest", "--db", dsn, seed); c != exitOK {
		t.Fatalf("ingest: %s", e)
	}
	out := filepath.Join(t.TempDir(), "m.xlsx")
	if _, e, c := runCLI(t, "export", "--db", dsn, "--format", "xlsx", "--out", out); c != exitOK {
		t.Fatalf("export: %s", e)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, exportSheets) {
		t.Errorf("sheets %v, want %v", got, exportSheets)
	}
	rows, err := f.GetRows("target_latest")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || rows[0][0] != "target_id" {
		t.Fatalf("target_latest sheet: %d rows, header %v", len(rows), rows[0])
	}
	panes, err := f.GetPanes("target_latest")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, %v; want the header row frozen", panes, err)
	}
	// The name column is as wide as its widest text, Chinese counted double,
	// and no wider than 80.
	nameCol := -1
	behindCol := -1
	for j, c := range rows[0] {
		switch c {
		case "name":
			nameCol = j
		case "behind":
			behindCol = j
		}
	}
	colName, _ := excelize.ColumnNumberToName(nameCol + 1)
	width, err := f.GetColWidth("target_latest", colName)
	if err != nil {
		t.Fatal(err)
	}
	widest := 0
	for _, r := range rows[1:] {
		widest = max(widest, runewidth.StringWidth(r[nameCol]))
	}
	if width != float64(min(widest, 80)+2) {
		t.Errorf("name column width %.0f, want about %d", width, min(widest, 80)+2)
	}
	// Behind rows are filled; the others are not.
	behind, plain := 0, 0
	for i, r := range rows[1:] {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		style, err := f.GetCellStyle("target_latest", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		filled := len(st.Fill.Color) > 0 && st.Fill.Color[0] == "F8CBAD"
		if (r[behindCol] == "1") != filled {
			t.Errorf("row %d: behind %s, filled %v", i+2, r[behindCol], filled)
		}
		if filled {
			behind++
		} else {
			plain++
		}
	}
	if behind == 0 || plain == 0 {
		t.Errorf("%d behind rows and %d others; the sample should have both", behind, plain)
	}
}

func TestExportParquet(t *testing.T) {
	for name, dsn := range testDSNs(t) {
		t.Run(name, func(t *testing.T) {
			seed := filepath.Join(repo, yuhuanSeed)
			if _, e, c := runCLI(t, "ingest", "--db", dsn, seed); c != exitOK {
				t.Fatalf("ingest: %s", e)
			}
			out := filepath.Join(t.TempDir(), "t.parquet")
			if _, e, c := runCLI(t, "export", "--db", dsn, "--format", "parquet", "--out", out,
				"--query", "SELECT target_id, item_no, metric, target_value, rate_pct, behind FROM target_latest ORDER BY target_id"); c != exitOK {
				t.Fatalf("export: %s", e)
			}
			ro, err := store.OpenReadOnly(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			_, want, err := ro.Query(context.Background(), "SELECT target_id, item_no, metric, target_value, rate_pct, behind FROM target_latest ORDER BY target_id")
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			pf, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			if pf.NumRows() != int64(len(want)) {
				t.Fatalf("%d rows, want %d", pf.NumRows(), len(want))
			}
			var names, types []string
			for _, f := range pf.Schema().Fields() {
				names = append(names, f.Name())
				types = append(types, f.Type().String())
			}
			if w := []string{"target_id", "item_no", "metric", "target_value", "rate_pct", "behind"}; !reflect.DeepEqual(names, w) {
				t.Errorf("columns %v, want %v", names, w)
			}
			if w := []string{"INT(64,true)", "STRING", "STRING", "DOUBLE", "DOUBLE", "INT(64,true)"}; !reflect.DeepEqual(types, w) {
				t.Errorf("types %v, want %v", types, w)
			}
			rows := parquet.NewReader(bytes.NewReader(b))
			defer rows.Close()
			row := map[string]any{}
			for i := range want {
				clear(row)
				if err := rows.Read(&row); err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				got := []any{row["target_id"], row["item_no"], row["metric"], row["target_value"], row["rate_pct"], row["behind"]}
				for j := range got {
					if !reflect.DeepEqual(got[j], want[i][j]) {
						t.Errorf("row %d column %d: %#v, want %#v", i, j, got[j], want[i][j])
					}
				}
			}
		})
	}
}

func TestLinkCommand(t *testing.T) {
	for name, dsn := range testDSNs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			region := corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr("台州市"), County: corpus.Ptr("玉环市")}
			target := func(no, metric string, value float64, unit string, progress *corpus.Progress) corpus.Record {
				return corpus.Record{Kind: corpus.KindLivelihood, ItemNo: corpus.Ptr(no), Name: metric, Metric: corpus.Ptr(metric),
					Target: corpus.Target{Value: corpus.Ptr(value), Unit: corpus.Ptr(unit), Raw: metric}, LeadUnits: []string{"市住建局"}, Progress: progress}
			}
			plan := corpus.DocInfo{Source: "/plan", SHA256: "p", Year: corpus.Ptr(2021), Region: region, Kind: corpus.DocPlan, Published: corpus.Ptr("2021-02-01")}
			bull := corpus.DocInfo{Source: "/q3", SHA256: "q", Year: corpus.Ptr(2021), Region: region, Kind: corpus.DocProgress, Published: corpus.Ptr("2021-10-01")}
			if _, err := st.Ingest(ctx, plan, []corpus.Record{target("1", "加装电梯", 50, "台", nil), target("2", "改造老旧小区", 20, "个", nil)}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Ingest(ctx, bull, []corpus.Record{
				target("1", "既有住宅加装电梯", 50, "台", &corpus.Progress{RatePct: corpus.Ptr(10.0), Status: corpus.Ptr(corpus.StatusBehind)}),
				target("2", "老旧小区改造", 20, "个", &corpus.Progress{RatePct: corpus.Ptr(80.0)}),
			}); err != nil {
				t.Fatal(err)
			}
			st.Close()

			out, e, c := runCLI(t, "link", "list", "--db", dsn, "--format", "jsonl")
			if c != exitOK {
				t.Fatalf("link list: %s", e)
			}
			var ids []int64
			for line := range strings.Lines(out) {
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, int64(m["id"].(float64)))
			}
			if len(ids) != 2 {
				t.Fatalf("%d links, want 2:\n%s", len(ids), out)
			}
			if out, e, c := runCLI(t, "link", "confirm", itoa(int(ids[0])), "--db", dsn, "--by", "王芳"); c != exitOK || out != "link "+itoa(int(ids[0]))+" confirmed\n" {
				t.Errorf("confirm: exit %d %q %s", c, out, e)
			}
			if _, e, c := runCLI(t, "link", "--db", dsn, "reject", itoa(int(ids[1]))); c != exitOK {
				t.Errorf("reject: exit %d %s", c, e)
			}
			if _, e, c := runCLI(t, "link", "confirm", "999999", "--db", dsn); c != exitFailed || !strings.Contains(e, "no such link") {
				t.Errorf("confirm of a missing link: exit %d %s", c, e)
			}
			if _, _, c := runCLI(t, "link", "approve", "1", "--db", dsn); c != exitFailed {
				t.Errorf("unknown action: exit %d", c)
			}
			out, _, _ = runCLI(t, "query", "--db", dsn, "--format", "csv", "SELECT decision, decided_by FROM target_links ORDER BY id")
			if !strings.Contains(out, "confirmed,王芳\n") || !strings.Contains(out, "rejected,") {
				t.Errorf("decisions:\n%s", out)
			}
			// The rejected bulletin target is now its own target in the report.
			out, _, _ = runCLI(t, "report", "--db", dsn, "--format", "csv")
			if n := strings.Count(out, "\n"); n != 4 {
				t.Errorf("report has %d lines, want a header and 3 targets:\n%s", n, out)
			}
		})
	}
}

// Parquet columns are typed by the store's declared types, not by the rows
// of the night: a column of NULLs, or a query with no row, keeps its type.
func TestExportParquetDeclaredTypes(t *testing.T) {
	for name, dsn := range testDSNs(t) {
		t.Run(name, func(t *testing.T) {
			if _, e, c := runCLI(t, "ingest", "--db", dsn, filepath.Join(repo, yuhuanSeed)); c != exitOK {
				t.Fatalf("ingest: %s", e)
			}
			for _, where := range []string{"report_target_id IS NULL", "1 = 0"} {
				out := filepath.Join(t.TempDir(), "t.parquet")
				q := "SELECT target_id, completed_value, rate_pct, as_of, behind FROM target_latest WHERE " + where
				if _, e, c := runCLI(t, "export", "--db", dsn, "--format", "parquet", "--out", out, "--query", q); c != exitOK {
					t.Fatalf("export: %s", e)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				pf, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
				if err != nil {
					t.Fatal(err)
				}
				var types []string
				for _, f := range pf.Schema().Fields() {
					types = append(types, f.Type().String())
				}
				if w := []string{"INT(64,true)", "DOUBLE", "DOUBLE", "STRING", "INT(64,true)"}; !reflect.DeepEqual(types, w) {
					t.Errorf("WHERE %s (%d rows): types %v, want %v", where, pf.NumRows(), types, w)
				}
			}
		})
	}
}
