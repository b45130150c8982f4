package store

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyFile copies src to dst byte for byte.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// hotJournalCopy returns a copy of a store with one document taken in the
// middle of a transaction that deletes it: the database file and its
// rollback journal as a process killed at that moment leaves them.
func hotJournalCopy(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	s, path := openTemp(t)
	if _, err := s.Ingest(ctx, yuhuan("/a", "a", 2021), sampleRecords()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=rw")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// A cache of one page makes SQLite write the changed pages to the file
	// before the commit, as it does with large transactions.
	for _, q := range []string{`PRAGMA cache_size = 1`, `DELETE FROM latest_reports`, `DELETE FROM progress`, `DELETE FROM targets`,
		`DELETE FROM items`, `DELETE FROM document_sources`, `DELETE FROM documents`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	if fi, err := os.Stat(path + "-journal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no journal in the middle of a transaction: %v", err)
	}
	crashed := filepath.Join(t.TempDir(), "crashed.db")
	copyFile(t, path, crashed)
	copyFile(t, path+"-journal", crashed+"-journal")
	return crashed
}

// A process killed in the middle of a write leaves a hot journal; the read
// commands roll it back instead of failing with "attempt to write a readonly
// database".
func TestOpenReadOnlyRecoversHotJournal(t *testing.T) {
	ctx := context.Background()
	crashed := hotJournalCopy(t)
	ro, err := OpenReadOnly(ctx, crashed)
	if err != nil {
		t.Fatalf("read-only open after a crash: %v", err)
	}
	defer ro.Close()
	if c := mustCounts(t, ro); c["documents"] != 1 || c["targets"] != 3 {
		t.Errorf("counts after recovery %v, want the committed document back", c)
	}
	if _, err := os.Stat(crashed + "-journal"); err == nil {
		t.Errorf("the hot journal is still there")
	}
}

// Without the right to write the file, the error says what to run.
func TestOpenReadOnlyHotJournalNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any file: the refusal cannot be shown")
	}
	crashed := hotJournalCopy(t)
	if err := os.Chmod(crashed, 0o444); err != nil {
		t.Fatal(err)
	}
	_, err := OpenReadOnly(context.Background(), crashed)
	if err == nil || !strings.Contains(err.Error(), "minsheng migrate --db "+crashed) || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("read-only open of a crashed store it may not write: %v", err)
	}
}
