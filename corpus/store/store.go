// Package store owns persistence of documents and target records and the
// read-only query surface over them.
//
// A store is a SQL database: SQLite, through the pure-Go modernc.org/sqlite
// driver, or PostgreSQL, through pgx's database/sql driver. The same SQL serves
// both; what differs is kept in a dialect. The schema is created and upgraded
// by numbered migrations (migrations/0001_….sql) applied in order, in one
// transaction, whenever a store is opened for writing; SCHEMA.md describes the
// tables and views, which are the public query surface.
//
// A data source name (DSN) names a store:
//
//	sqlite:PATH              a SQLite database file
//	file:PATH                the same
//	PATH                     the same
//	postgres://… postgresql://…  PostgreSQL; a search_path parameter picks the schema
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
	path    string  // SQLite database file; "" for PostgreSQL
	dsn     string  // PostgreSQL connection string
	db      *sql.DB // read-write pool; nil when opened read-only
	ro      *sql.DB // read-only pool used by Query, Report and Counts
	retries retryCount
	// scanLinks links and recomputes the latest reports as the store did
	// before linking used an index (scanLinker); set by the tests.
	scanLinks bool
}

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
	Source    string // the document the target is from
	DocKind   string
	Deadline  string // ISO date, else the deadline as printed
	Behind    bool
	TargetID  int64
	// ReportSource is the document the completion was reported in: Source
	// itself, a later bulletin linked to the target, or "" when none reports.
	ReportSource string
}

// location is where a DSN points.
type location struct {
	dialect *dialect
	path    string // SQLite file
	dsn     string // PostgreSQL connection string
}

// name is how errors name the store: a SQLite file's path, or the PostgreSQL
// DSN without its password.
func (l location) name() string {
	if l.dialect == postgresDialect {
		return redactDSN(l.dsn)
	}
	return l.path
}

// parseDSN reads a DSN; see the package documentation.
func parseDSN(dsn string) (location, error) {
	orig := dsn
	lower := strings.ToLower(dsn)
	switch {
	case dsn == "":
		return location{}, errors.New("store: empty DSN")
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return location{dialect: postgresDialect, dsn: dsn}, nil
	case strings.HasPrefix(lower, "sqlite:"):
		dsn = dsn[len("sqlite:"):]
	case strings.HasPrefix(lower, "file:"):
		dsn = dsn[len("file:"):]
		if i := strings.IndexByte(dsn, '?'); i >= 0 {
			dsn = dsn[:i]
		}
		dsn = strings.TrimPrefix(dsn, "//") // file:///abs/path
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
// schema up to date. A SQLite file's directory is created too; a PostgreSQL
// database must exist.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := openWritable(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: %s: %w", s.name(), err)
	}
	return s, nil
}

// Migrate opens the store named by dsn, applies the migrations it lacks and
// returns their names; none when it was up to date.
func Migrate(ctx context.Context, dsn string) ([]string, error) {
	s, err := openWritable(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	applied, err := s.migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", s.name(), err)
	}
	return applied, nil
}

// SchemaVersion is the schema version this program writes: the number of its
// newest migration.
func SchemaVersion() int { return schemaVersion() }

// openWritable opens the read-write and read-only pools of the store named by
// dsn, without migrating.
func openWritable(ctx context.Context, dsn string) (*Store, error) {
	t, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{dialect: t.dialect, path: t.path, dsn: t.dsn}
	if t.dialect == postgresDialect {
		if s.db, err = openPostgres(t.dsn, false); err == nil {
			s.ro, err = openPostgres(t.dsn, true)
		}
		if err == nil {
			err = s.db.PingContext(ctx)
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("store: open %s: %w", t.name(), err)
		}
		return s, nil
	}
	if dir := filepath.Dir(t.path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	if s.db, err = openSQLite(t.path); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", t.path, err)
	}
	// The file exists once the schema table is created; the read-only pool
	// opens it lazily.
	if s.ro, err = openSQLiteReadOnly(t.path); err != nil {
		s.Close()
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
	var ro *sql.DB
	if t.dialect == postgresDialect {
		ro, err = openPostgres(t.dsn, true)
	} else {
		var fi os.FileInfo
		fi, err = os.Stat(t.path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w at %s; create one with `minsheng ingest` or `minsheng demo`", ErrNoStore, t.path)
		}
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("store: %s is a directory, not a database file", t.path)
		}
		if err := recoverJournal(ctx, t.path); err != nil {
			return nil, err
		}
		ro, err = openSQLiteReadOnly(t.path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", t.name(), err)
	}
	s := &Store{dialect: t.dialect, path: t.path, dsn: t.dsn, ro: ro}
	if err := s.checkVersion(ctx); err != nil {
		ro.Close()
		return nil, fmt.Errorf("store: %s: %w", t.name(), err)
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

// Path returns the database file of a SQLite store, "" for PostgreSQL.
func (s *Store) Path() string { return s.path }

// Engine returns the store's SQL engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.dialect.name }

func (s *Store) name() string {
	return location{dialect: s.dialect, path: s.path, dsn: s.dsn}.name()
}

// ErrNoStore is returned by OpenReadOnly for a SQLite file that does not
// exist.
var ErrNoStore = errors.New("store: no database")

// ErrReadOnly is returned by the writing methods of a store opened with
// OpenReadOnly.
var ErrReadOnly = errors.New("store: opened read-only")

func (s *Store) writable() error {
	if s.db == nil {
		return ErrReadOnly
	}
	return nil
}
