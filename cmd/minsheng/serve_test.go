package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/minsheng/minsheng/cmd/minsheng/web"
	"github.com/minsheng/minsheng/corpus/store"
)

func TestServeRefusesAStoreItCannotOpen(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	out, stderr, code := runCLI(t, "serve", "--db", missing, "--addr", "127.0.0.1:0")
	if code != exitFailed || out != "" || !strings.Contains(stderr, "no database at "+missing) {
		t.Errorf("serve on a missing store: exit %d, %q %q", code, out, stderr)
	}
	_, stderr, code = runCLI(t, "serve", "extra")
	if code != exitFailed || !strings.Contains(stderr, "takes no arguments") {
		t.Errorf("serve with an argument: exit %d, %q", code, stderr)
	}
}

// The targets page downloads as the export command writes: an XLSX sheet of
// the rows shown, those behind highlighted.
func TestServeDownloadsTheTargetsShown(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	if _, e, c := runCLI(t, "ingest", "--db", db, filepath.Join(repo, "testdata", "seeds", "yuhuan-2021-q3-bulletin.txt")); c != exitOK {
		t.Fatalf("ingest: %s", e)
	}
	ctx := context.Background()
	st, err := store.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	behind, err := st.Report(ctx, store.ReportFilter{Behind: true})
	if err != nil || len(behind) == 0 {
		t.Fatalf("report --behind: %d rows, %v", len(behind), err)
	}
	h, err := web.New(st, web.Options{Export: exportRows})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/targets.xlsx?status=behind", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("targets")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(behind)+1 || rows[0][0] != "target_id" {
		t.Fatalf("the workbook has %d rows, the page shows %d", len(rows)-1, len(behind))
	}
	style, err := f.GetCellStyle("targets", "A2")
	if err != nil || style == 0 {
		t.Errorf("a row behind schedule is not highlighted (style %d, %v)", style, err)
	}
}
