package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// A migration is one numbered file of migrations/: 0001_init.sql is version 1.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order of version.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, base, v)
		}
		seen[v] = base
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// schemaVersion is the version of the newest embedded migration.
func schemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`

// migrate applies, in one transaction, every migration the database lacks,
// and returns the names of those it applied. On PostgreSQL an advisory lock
// keeps two processes from migrating at once.
func (s *Store) migrate(ctx context.Context) ([]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	var done []string
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		done = nil
		if s.dialect == postgresDialect {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7262431)`); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
			return fmt.Errorf("schema_migrations: %w", err)
		}
		applied, err := appliedVersions(ctx, tx)
		if err != nil {
			return err
		}
		if len(ms) > 0 {
			if newest := maxKey(applied); newest > ms[len(ms)-1].version {
				return fmt.Errorf("database schema version %d is newer than this program's %d", newest, ms[len(ms)-1].version)
			}
		}
		now := time.Now().UTC().Format(time.RFC3339)
		for _, m := range ms {
			if applied[m.version] {
				continue
			}
			q := strings.NewReplacer("{{id}}", s.dialect.idType, "{{key}}", s.dialect.keyType).Replace(m.sql)
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), m.version, m.name, now); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			done = append(done, m.name)
		}
		return nil
	})
	return done, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func appliedVersions(ctx context.Context, q querier) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		m[v] = true
	}
	return m, rows.Err()
}

func maxKey(m map[int]bool) int {
	n := 0
	for k := range m {
		n = max(n, k)
	}
	return n
}

// checkVersion reports an error unless the database has exactly the
// migrations of this program; a read-only store cannot migrate.
func (s *Store) checkVersion(ctx context.Context) error {
	applied, err := appliedVersions(ctx, s.ro)
	if err != nil {
		return fmt.Errorf("not a minsheng database (%v)", err)
	}
	want := schemaVersion()
	have := maxKey(applied)
	switch {
	case have < want:
		return fmt.Errorf("database schema version %d is older than this program's %d; upgrade it with `minsheng migrate`", have, want)
	case have > want:
		return fmt.Errorf("database schema version %d is newer than this program's %d", have, want)
	}
	return nil
}
