package loaders

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("民生实事\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func relFiles(t *testing.T, dir string, files []string) string {
	t.Helper()
	var rel []string
	for _, f := range files {
		r, err := filepath.Rel(dir, f)
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	return strings.Join(rel, " ")
}

// What a night's folder holds beside notices is left out, and counted.
func TestListSkipsWhatIsNoNotice(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "a.txt", "b.docx", "page.jsp", "noext", "a.txt.meta.json",
		".hidden.txt", "~$b.docx", "Thumbs.db", "main.go", "fetch.sh", "logo.png",
		"minsheng.db", "minsheng.db-journal", ".git/config")
	l := List([]string{dir}, ListOptions{Exclude: []string{filepath.Join(dir, "minsheng.db")}})
	if got := relFiles(t, dir, l.Files); got != "a.txt b.docx noext page.jsp" {
		t.Errorf("files %q", got)
	}
	want := map[string]int{SkipHidden: 1, SkipLockFile: 1, SkipSystem: 1, SkipNoNotice: 3, SkipStore: 2}
	if !reflect.DeepEqual(l.Skipped, want) {
		t.Errorf("skipped %v, want %v", l.Skipped, want)
	}
	if got := l.SkippedSummary(); got != "8 skipped: 3 not a notice format, 2 the store, 1 Office lock file, 1 hidden, 1 system file" {
		t.Errorf("summary %q", got)
	}
	if len(l.Errs) != 0 {
		t.Errorf("errs %v", l.Errs)
	}
	// A file named on the command line is read whatever its name, except the store.
	l = List([]string{filepath.Join(dir, "main.go"), filepath.Join(dir, "minsheng.db")}, ListOptions{Exclude: []string{filepath.Join(dir, "minsheng.db")}})
	if got := relFiles(t, dir, l.Files); got != "main.go" || l.Skipped[SkipStore] != 1 {
		t.Errorf("named files %q, skipped %v", got, l.Skipped)
	}
}

// A symlinked folder, given on the command line or found in a folder, is
// followed; a link back to a folder already listed is not followed again.
func TestListFollowsSymlinkedFolders(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "real/a.txt", "real/sub/b.txt", "other/c.txt")
	link := filepath.Join(dir, "link")
	for _, l := range [][2]string{
		{filepath.Join(dir, "real"), link},
		{filepath.Join(dir, "real"), filepath.Join(dir, "real", "sub", "loop")}, // a loop
		{filepath.Join(dir, "other"), filepath.Join(dir, "real", "other")},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
	}
	l := List([]string{link}, ListOptions{})
	if got := relFiles(t, dir, l.Files); got != "link/a.txt link/other/c.txt link/sub/b.txt" {
		t.Errorf("files under a symlinked folder: %q", got)
	}
	if l.Skipped[SkipLoop] != 1 || len(l.Errs) != 0 {
		t.Errorf("skipped %v, errs %v; want the loop counted once", l.Skipped, l.Errs)
	}
	// The same folder by two names is listed once.
	l = List([]string{filepath.Join(dir, "real"), link}, ListOptions{})
	if got := relFiles(t, dir, l.Files); got != "real/a.txt real/other/c.txt real/sub/b.txt" {
		t.Errorf("a folder and a link to it: %q", got)
	}
}
