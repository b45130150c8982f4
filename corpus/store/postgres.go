package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// openPostgres opens a pool of connections to the PostgreSQL database named
// by dsn. A read-only pool's sessions start with default_transaction_read_only
// on, and Query also runs every statement in a READ ONLY transaction that it
// rolls back: PostgreSQL itself refuses the writes, no SQL is parsed here.
func openPostgres(dsn string, readOnly bool) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	// Report queries are many and short: compiling them costs more than it
	// saves.
	if _, ok := cfg.RuntimeParams["jit"]; !ok {
		cfg.RuntimeParams["jit"] = "off"
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "minsheng"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	return db, nil
}

// redactDSN returns dsn with its password, if any, replaced by "xxxxx".
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// retryable reports whether err is a PostgreSQL error after which the whole
// transaction may succeed when run again: a serialization failure, a
// deadlock, or a unique key taken by a transaction that committed meanwhile.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "23505":
		return true
	}
	return false
}

// sqliteBusy reports whether err is SQLite's "database is locked"
// (SQLITE_BUSY, with any extended code): another connection held a lock
// longer than the busy timeout, or SQLite gave up at once where waiting
// could deadlock, as it may while a new database file is being created.
func sqliteBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == 5
}

// maxAttempts bounds how often a transaction is tried.
const maxAttempts = 8

// inTx runs f in a transaction of the read-write pool and commits it. A
// transaction that fails with a retryable error (on PostgreSQL) or because
// the database was locked (on SQLite) is rolled back and run again, after a
// short wait that grows with each attempt.
func (s *Store) inTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = s.tryTx(ctx, f)
		again := s.dialect == postgresDialect && retryable(err) || s.dialect == sqliteDialect && sqliteBusy(err)
		if err == nil || attempt >= maxAttempts || !again {
			return err
		}
		s.retries.Add(1)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
		}
	}
}

func (s *Store) tryTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// retryCount counts the transactions run again after a retryable error.
type retryCount = atomic.Int64
