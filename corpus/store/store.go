// Package store owns persistence of documents and target records and the
// read-only query surface over them.
//
// A store is a SQL database. SQLite, through the pure-Go modernc.org/sqlite
// driver, is the only engine built today; the SQL is kept portable so that
// PostgreSQL can be served by the same API. The schema is created and upgraded
// by numbered migrations (migrations/0001_….sql) applied in order, in one
// transaction, whenever a store is opened for writing; SCHEMA.md describes the
// tables and views, which are the public query surface.
//
// A data source name (DSN) names a store:
//
//	sqlite:PATH              a SQLite database file
//	file:PATH                the same
//	PATH                     the same
//	postgres://… postgresql://…  PostgreSQL (not built yet)
//
// [DefaultDSN] is $MINSHENG_DB when that is set, else a SQLite file
// minsheng/minsheng.db under the user's data directory: $XDG_DATA_HOME, or
// ~/.local/share when that is unset.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Outcome says what Ingest did with a document.
type Outcome string

// Outcomes of Ingest.
const (
	New       Outcome = "new"       // the document was not in the store
	Unchanged Outcome = "unchanged" // the same content was already stored; nothing changed
	Replaced  Outcome = "replaced"  // the source's earlier content was replaced
	Failed    Outcome = "failed"    // nothing was stored; the error says why
)

// Store is an open store. It is safe for concurrent use.
type Store struct {
	dialect *dialect
	path    string  // SQLite database file
	db      *sql.DB // read-write pool; nil when opened read-only
	ro      *sql.DB // read-only pool used by Query, Report and Counts
}

// ErrNotBuilt is returned for a PostgreSQL DSN until PostgreSQL support exists.
var ErrNotBuilt = errors.New("store: postgres support not built yet")

// DefaultDSN returns $MINSHENG_DB if it is set, else "sqlite:" followed by
// minsheng/minsheng.db under $XDG_DATA_HOME, or under ~/.local/share when
// XDG_DATA_HOME is unset.
func DefaultDSN() string {
	if v := os.Getenv("MINSHENG_DB"); v != "" {
		return v
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return "sqlite:" + filepath.Join(dir, "minsheng", "minsheng.db")
}

// ReportFilter selects the rows of Report. Zero values select everything.
type ReportFilter struct {
	Region string // substring of the province, city or county
	Year   int    // 0 for any year
	Kind   string // livelihood, key_work, or "" for any
	Behind bool   // only targets behind schedule or not completed
}

// ReportRow is one target with its reported completion.
type ReportRow struct {
	Region    string // province, city and county run together ("浙江省台州市玉环市")
	Province  string
	City      string
	County    string
	Year      *int
	Kind      string
	ItemNo    string
	Name      string
	Metric    string
	Unit      string
	Target    *float64
	Completed *float64
	RatePct   *float64
	Status    string
	AsOf      string
	LeadUnits string // lead units joined with "、"
	Source    string
	DocKind   string
	Deadline  string // ISO date, else the deadline as printed
	Behind    bool
	TargetID  int64
}

// location is where a DSN points.
type location struct {
	dialect *dialect
	path    string // SQLite file
}

// parseDSN reads a DSN; see the package documentation.
func parseDSN(dsn string) (location, error) {
	orig := dsn
	lower := strings.ToLower(dsn)
	switch {
	case dsn == "":
		return location{}, errors.New("store: empty DSN")
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return location{}, ErrNotBuilt
	case strings.HasPrefix(lower, "sqlite:"):
		dsn = dsn[len("sqlite:"):]
	case strings.HasPrefix(lower, "file:"):
		dsn = dsn[len("file:"):]
		if i := strings.IndexByte(dsn, '?'); i >= 0 {
			dsn = dsn[:i]
		}
		if strings.HasPrefix(dsn, "//") { // file:///abs/path
			dsn = dsn[2:]
		}
		if p, err := url.PathUnescape(dsn); err == nil {
			dsn = p
		}
	}
	if dsn == "" || dsn == ":memory:" || strings.HasPrefix(dsn, "file::memory:") {
		return location{}, fmt.Errorf("store: DSN %q names no database file", orig)
	}
	return location{dialect: sqliteDialect, path: dsn}, nil
}

// Open opens the store named by dsn, creating it if needed and bringing its
// schema up to date. A SQLite file's directory is created too.
func Open(ctx context.Context, dsn string) (*Store, error) {
	t, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(t.path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	db, err := openSQLite(t.path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", t.path, err)
	}
	s := &Store{dialect: t.dialect, path: t.path, db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", t.path, err)
	}
	if s.ro, err = openSQLiteReadOnly(t.path); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", t.path, err)
	}
	return s, nil
}

// OpenReadOnly opens an existing store so that no statement run through it can
// write. It does not migrate: a store whose schema is older or newer than
// this program's is an error.
func OpenReadOnly(ctx context.Context, dsn string) (*Store, error) {
	t, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(t.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("store: no database at %s; create one with `minsheng ingest` or `minsheng demo`", t.path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("store: %s is a directory, not a database file", t.path)
	}
	ro, err := openSQLiteReadOnly(t.path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", t.path, err)
	}
	s := &Store{dialect: t.dialect, path: t.path, ro: ro}
	if err := s.checkVersion(ctx); err != nil {
		ro.Close()
		return nil, fmt.Errorf("store: %s: %w", t.path, err)
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error {
	var errs []error
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	if s.ro != nil {
		errs = append(errs, s.ro.Close())
	}
	return errors.Join(errs...)
}

// Path returns the database file of a SQLite store.
func (s *Store) Path() string { return s.path }

// ErrReadOnly is returned by the writing methods of a store opened with
// OpenReadOnly.
var ErrReadOnly = errors.New("store: opened read-only")

func (s *Store) writable() error {
	if s.db == nil {
		return ErrReadOnly
	}
	return nil
}
