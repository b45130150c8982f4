package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// postgresEnv names the PostgreSQL database the tests use, as a DSN such as
// postgres://postgres@127.0.0.1:5432/minsheng_test?sslmode=disable. Each test
// works in a schema of its own, created for it and dropped after it.
const postgresEnv = "MINSHENG_TEST_POSTGRES"

// A backend opens fresh, empty stores of one engine.
type backend struct {
	name string
	// newDSN returns the DSN of a fresh store that is removed after the test.
	newDSN func(t testing.TB) string
}

func (b backend) open(t testing.TB) (*Store, string) {
	t.Helper()
	dsn := b.newDSN(t)
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dsn
}

var sqliteBackend = backend{name: "sqlite", newDSN: func(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "sub", "minsheng.db")
}}

var postgresBackend = backend{name: "postgres", newDSN: newPostgresSchema}

var backends = []backend{sqliteBackend, postgresBackend}

// forEachBackend runs f as a subtest for every backend.
func forEachBackend(t *testing.T, f func(t *testing.T, bk backend)) {
	t.Helper()
	for _, bk := range backends {
		t.Run(bk.name, func(t *testing.T) { f(t, bk) })
	}
}

var (
	pgOnce  sync.Once
	pgAdmin *sql.DB
	pgErr   error
)

// postgresAdmin returns a connection pool to $MINSHENG_TEST_POSTGRES, or skips
// the test, loudly, when the variable is unset or no server answers.
func postgresAdmin(t testing.TB) (*sql.DB, string) {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("SKIPPING PostgreSQL test: $%s is not set (e.g. %s=postgres://postgres@127.0.0.1:5432/minsheng_test?sslmode=disable; .ci/run sets it up)", postgresEnv, postgresEnv)
	}
	pgOnce.Do(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			pgErr = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			pgErr = err
			return
		}
		pgAdmin = db
	})
	if pgErr != nil {
		t.Skipf("SKIPPING PostgreSQL test: no server reachable at $%s=%s: %v", postgresEnv, redactDSN(base), pgErr)
	}
	return pgAdmin, base
}

// newPostgresSchema creates a schema of its own for the test and returns a
// DSN whose search_path selects it.
func newPostgresSchema(t testing.TB) string {
	t.Helper()
	admin, base := postgresAdmin(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "minsheng_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withParam(t, base, "search_path", schema)
}

func withParam(t testing.TB, dsn, key, value string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTemp opens a new SQLite store in a temporary directory and returns it
// with its file's path.
func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	s, dsn := sqliteBackend.open(t)
	return s, dsn[len("sqlite:"):]
}

func TestPostgresBackendAvailable(t *testing.T) {
	admin, _ := postgresAdmin(t)
	var v string
	if err := admin.QueryRow(`SHOW server_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL %s", v)
}

// Several stores on one database, as several processes would have, ingest the
// same documents at once, each in its own order: every document is stored
// once, and exactly one ingest of each reports it new.
func TestConcurrentIngestSameDocuments(t *testing.T) {
	forEachBackend(t, testConcurrentIngestSameDocuments)
}

func testConcurrentIngestSameDocuments(t *testing.T, bk backend) {
	ctx := context.Background()
	_, dsn := bk.open(t)
	const workers, docs = 6, 8
	type result struct {
		outcomes map[Outcome]int
		err      error
	}
	results := make(chan result, workers)
	start := make(chan struct{})
	var stores []*Store
	for w := range workers {
		st, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, st)
		t.Cleanup(func() { st.Close() })
		go func() {
			r := result{outcomes: map[Outcome]int{}}
			<-start
			for i := range docs {
				d := (i + w*3) % docs
				out, err := st.Ingest(ctx, yuhuan(fmt.Sprintf("/same/%d", d), fmt.Sprintf("same%d", d), 2021), sampleRecords())
				if err != nil {
					r.err = err
					break
				}
				r.outcomes[out]++
			}
			results <- r
		}()
	}
	close(start)
	total := map[Outcome]int{}
	for range workers {
		r := <-results
		if r.err != nil {
			t.Error(r.err)
		}
		for k, v := range r.outcomes {
			total[k] += v
		}
	}
	retries := int64(0)
	for _, st := range stores {
		retries += st.retries.Load()
	}
	t.Logf("%s: %d transactions retried", bk.name, retries)
	if total[New] != docs || total[Unchanged] != docs*(workers-1) {
		t.Errorf("outcomes %v, want %d new and %d unchanged", total, docs, docs*(workers-1))
	}
	s, err := OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c := mustCounts(t, s); !reflect.DeepEqual(c, counts(docs, docs*2, docs*3, docs*2)) {
		t.Errorf("counts %v, want one copy of each document", c)
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM document_sources`); n != docs {
		t.Errorf("%d document sources, want %d", n, docs)
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM (SELECT sha256 FROM documents GROUP BY sha256 HAVING COUNT(*) > 1) x`); n != 0 {
		t.Errorf("%d documents stored twice", n)
	}
}
