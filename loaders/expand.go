package loaders

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Reasons a file under a folder is left out of a listing.
const (
	SkipHidden     = "hidden"                // a dot-file, or a file in a dot-folder
	SkipLockFile   = "Office lock file"      // ~$report.docx, left by an open document
	SkipSystem     = "system file"           // Thumbs.db, desktop.ini
	SkipStore      = "the store"             // the database being loaded, and its journal
	SkipNoNotice   = "not a notice format"   // source code, scripts, images, archives …
	SkipLoop       = "folder already listed" // a symlink back to a folder listed already
	SkipNotRegular = "not a regular file"    // a device, socket or dangling symlink
)

// ListOptions tune a listing.
type ListOptions struct {
	// Exclude are files never to read, however they are named: the store
	// being loaded, say. Files beside them that share their name and a
	// -journal, -wal or -shm suffix are left out too.
	Exclude []string
}

// Listing is what List found.
type Listing struct {
	Files []string // sorted
	// Skipped counts the files under folders left out, by reason (Skip…).
	Skipped map[string]int
	// Errs are the paths that could not be read, each an *Error.
	Errs []error
}

// SkippedTotal is how many files were left out.
func (l Listing) SkippedTotal() int {
	n := 0
	for _, c := range l.Skipped {
		n += c
	}
	return n
}

// SkippedSummary tells the skipped files' counts by reason, most first:
// "3 skipped: 2 hidden, 1 Office lock file"; "" when none was.
func (l Listing) SkippedSummary() string {
	if len(l.Skipped) == 0 {
		return ""
	}
	reasons := make([]string, 0, len(l.Skipped))
	for r := range l.Skipped {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := l.Skipped[reasons[i]], l.Skipped[reasons[j]]
		return a > b || a == b && reasons[i] < reasons[j]
	})
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%d %s", l.Skipped[r], r)
	}
	return fmt.Sprintf("%d skipped: %s", l.SkippedTotal(), strings.Join(parts, ", "))
}

// Expand turns files and folders into a sorted list of files to read; see
// List.
func Expand(paths []string) (files []string, errs []error) {
	l := List(paths, ListOptions{})
	return l.Files, l.Errs
}

// noNoticeExt are the extensions of files that hold no notice: source code,
// scripts, data of other programs, images, media and archives. Formats are
// told from content, so files of any other name (a crawler's page.jsp, a
// file with no extension) are read.
var noNoticeExt = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`.go .sh .bash .zsh .py .pyc .js .mjs .ts .css .scss .c .h .cc .cpp .hpp .java .class .jar
		.rb .pl .php .lua .r .sql .bat .cmd .ps1 .exe .dll .so .dylib .o .a .bin .iso .img .dmg
		.db .sqlite .sqlite3 .db-journal .db-wal .db-shm .json .jsonl .yaml .yml .toml .ini .cfg .conf .lock .log .mod .sum
		.jpg .jpeg .png .gif .bmp .tif .tiff .svg .ico .webp .heic .psd
		.mp3 .wav .ogg .flac .m4a .mp4 .avi .mov .mkv .wmv .flv .webm
		.zip .rar .7z .gz .tgz .bz2 .xz .zst .tar .parquet .ttf .otf .woff .woff2 .eot .swf`) {
		noNoticeExt[e] = true
	}
}

// skipReason says why a file found under a folder is not read, "" when it is.
func skipReason(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "."):
		return SkipHidden
	case strings.HasPrefix(name, "~$"):
		return SkipLockFile
	case lower == "thumbs.db" || lower == "desktop.ini" || lower == "ehthumbs.db":
		return SkipSystem
	case strings.HasSuffix(name, SidecarSuffix):
		return "" // read with its document; not counted
	case noNoticeExt[filepath.Ext(lower)]:
		return SkipNoNotice
	}
	return ""
}

// List turns files and folders into a sorted list of files to read. Folders
// are walked, symlinked folders followed, each folder once however many
// links lead to it. Under a folder, meta sidecars are left out silently, and
// hidden files, Office lock files, Thumbs.db and files of formats that hold
// no notice (.go, .sh, images, archives) are left out and counted. A file
// named on the command line is read whatever its name, unless it is
// excluded. A path that cannot be read is reported in Errs and the others
// are still listed.
func List(paths []string, opts ListOptions) Listing {
	l := Listing{Skipped: map[string]int{}}
	var excluded []os.FileInfo
	for _, x := range opts.Exclude {
		for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
			if fi, err := os.Stat(x + suffix); err == nil {
				excluded = append(excluded, fi)
			}
		}
	}
	isExcluded := func(fi os.FileInfo) bool {
		for _, x := range excluded {
			if os.SameFile(fi, x) {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	visited := map[string]bool{} // folders listed, by their path with symlinks resolved
	add := func(p string, fi os.FileInfo) {
		switch {
		case isExcluded(fi):
			l.Skipped[SkipStore]++
		case !seen[p]:
			seen[p] = true
			l.Files = append(l.Files, p)
		}
	}
	var walk func(dir string)
	walk = func(dir string) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			l.Errs = append(l.Errs, newError(dir, Unreadable, err))
			return
		}
		if abs, err := filepath.Abs(real); err == nil {
			real = abs
		}
		if visited[real] {
			l.Skipped[SkipLoop]++
			return
		}
		visited[real] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			l.Errs = append(l.Errs, newError(dir, Unreadable, err))
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if strings.HasPrefix(e.Name(), ".") && e.IsDir() {
				continue // .git, .cache: not counted file by file
			}
			if e.IsDir() {
				walk(p)
				continue
			}
			fi, err := os.Stat(p) // follows a symlink
			if err != nil {
				if e.Type()&os.ModeSymlink != 0 {
					l.Skipped[SkipNotRegular]++
					continue
				}
				l.Errs = append(l.Errs, newError(p, Unreadable, err))
				continue
			}
			if fi.IsDir() {
				if !strings.HasPrefix(e.Name(), ".") {
					walk(p)
				}
				continue
			}
			if isExcluded(fi) {
				l.Skipped[SkipStore]++
				continue
			}
			if r := skipReason(e.Name()); r != "" {
				l.Skipped[r]++
				continue
			}
			if strings.HasSuffix(e.Name(), SidecarSuffix) {
				continue
			}
			if !fi.Mode().IsRegular() {
				l.Skipped[SkipNotRegular]++
				continue
			}
			add(p, fi)
		}
	}
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			l.Errs = append(l.Errs, newError(root, Unreadable, err))
			continue
		}
		if fi.IsDir() {
			walk(root)
			continue
		}
		add(root, fi)
	}
	sort.Strings(l.Files)
	if len(l.Skipped) == 0 {
		l.Skipped = nil
	}
	return l
}
