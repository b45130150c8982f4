package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A document that gives no record is stored, named on stderr and counted in
// the summary; its record_count of 0 stays queryable.
func TestIngestReportsDocumentsWithoutRecords(t *testing.T) {
	dir := t.TempDir()
	copySeed(t, "yuhuan-2021-q3-bulletin.txt", dir)
	empty := filepath.Join(dir, "minutes.txt")
	if err := os.WriteFile(empty, []byte("会议纪要\n\n今天天气很好,大家讨论了工作。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "m.db")
	out, errOut, code := runCLI(t, "ingest", "--db", db, dir)
	if code != exitOK || !strings.Contains(out, "2 documents: 2 new, 0 unchanged, 0 replaced, 0 failed, 1 without records") {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, empty+": no target records found") {
		t.Errorf("stderr does not name the document without records:\n%s", errOut)
	}
	if got := queryValue(t, db, "SELECT COUNT(*) FROM documents WHERE record_count = 0"); got != "1" {
		t.Errorf("documents with record_count 0: %s", got)
	}
	_, errOut, code = runCLI(t, "extract", empty)
	if code != exitOK || !strings.Contains(errOut, empty+": no target records found") || !strings.Contains(errOut, "1 without records") {
		t.Errorf("extract of a document without records: exit %d, stderr %q", code, errOut)
	}
}

// Files that hold no notice are skipped and counted, the store among them,
// not ingested nor counted as failures; a symlinked folder is followed.
func TestIngestSkipsWhatIsNoNotice(t *testing.T) {
	dir := t.TempDir()
	notices := filepath.Join(dir, "notices")
	if err := os.MkdirAll(notices, 0o755); err != nil {
		t.Fatal(err)
	}
	copySeed(t, "yuhuan-2021-q3-bulletin.txt", notices)
	for _, name := range []string{"~$plan.docx", "Thumbs.db", ".DS_Store", "fetch.sh", "main.go"} {
		if err := os.WriteFile(filepath.Join(notices, name), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(notices, link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	db := filepath.Join(notices, "minsheng.db") // the store inside the folder loaded
	for run := 1; run <= 2; run++ {
		out, errOut, code := runCLI(t, "ingest", "--db", db, link)
		want := "1 documents: 1 new, 0 unchanged, 0 replaced, 0 failed; 6 skipped: 2 not a notice format, 1 Office lock file, 1 hidden, 1 system file, 1 the store"
		if run == 2 {
			want = strings.Replace(want, "1 new, 0 unchanged", "0 new, 1 unchanged", 1)
		}
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("run %d: exit %d, stdout %q, want %q; stderr:\n%s", run, code, out, want, errOut)
		}
	}
}

// Flags and sidecar values a record cannot hold are refused with a clear
// error, before anything is read or stored.
func TestMetadataIsValidated(t *testing.T) {
	dir := t.TempDir()
	path, _ := copySeed(t, "yuhuan-2021-q3-bulletin.txt", dir)
	db := filepath.Join(t.TempDir(), "m.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--doc-kind", "nonsense"}, `--doc-kind "nonsense" is not one of plan, candidates, progress, supervision, other`},
		{[]string{"--published", "2023-13-45"}, `--published "2023-13-45" is not a date YYYY-MM-DD`},
		{[]string{"--year", "20233"}, `--year 20233 is not a year`},
	} {
		for _, cmd := range []string{"ingest", "extract"} {
			args := append([]string{cmd}, c.args...)
			if cmd == "ingest" {
				args = append(args, "--db", db)
			}
			out, errOut, code := runCLI(t, append(args, path)...)
			if code != exitFailed || out != "" || !strings.Contains(errOut, c.want) {
				t.Errorf("%s %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", cmd, c.args, code, out, errOut, c.want)
			}
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a refused ingest created the store")
	}
	sidecar := path + ".meta.json"
	for _, c := range []struct{ json, want string }{
		{`{"year": 2021, "cty": "台州市"}`, `unknown field "cty"`},
		{`{"kind": "nonsense"}`, `doc kind "nonsense" is not one of`},
		{`{"published": "2023-13-45"}`, `published "2023-13-45" is not a date`},
	} {
		if err := os.WriteFile(sidecar, []byte(c.json), 0o644); err != nil {
			t.Fatal(err)
		}
		_, errOut, code := runCLI(t, "extract", path)
		if code != exitFailed || !strings.Contains(errOut, sidecar) || !strings.Contains(errOut, c.want) {
			t.Errorf("sidecar %s: exit %d, stderr %q; want the sidecar named and %q", c.json, code, errOut, c.want)
		}
	}
}

// A SQLite store has one writer: more are refused, not ignored.
func TestIngestWorkersOnSQLite(t *testing.T) {
	dir := t.TempDir()
	path, _ := copySeed(t, "yuhuan-2021-q3-bulletin.txt", dir)
	_, errOut, code := runCLI(t, "ingest", "--db", filepath.Join(dir, "m.db"), "--workers", "4", path)
	if code != exitFailed || !strings.Contains(errOut, "one writer") {
		t.Errorf("--workers 4 on SQLite: exit %d, %q", code, errOut)
	}
}

// Several writers on PostgreSQL store what one writer stores.
func TestIngestWorkersOnPostgres(t *testing.T) {
	dsns := testDSNs(t)
	pg, ok := dsns["postgres"]
	if !ok {
		t.Skip("no PostgreSQL: set $MINSHENG_TEST_POSTGRES")
	}
	notices := distinctNotices(t, 20)
	if out, errOut, code := runCLI(t, "ingest", "--db", dsns["sqlite"], notices); code != exitOK {
		t.Fatalf("one writer: exit %d: %s %s", code, out, errOut)
	}
	out, errOut, code := runCLI(t, "ingest", "--db", pg, "--workers", "4", notices)
	if code != exitOK || !strings.Contains(out, "20 documents: 20 new") {
		t.Fatalf("four writers: exit %d: %s %s", code, out, errOut)
	}
	if got, want := storeCounts(t, pg), storeCounts(t, dsns["sqlite"]); got != want {
		t.Errorf("four writers on PostgreSQL stored\n%s\none writer on SQLite\n%s", got, want)
	}
}
