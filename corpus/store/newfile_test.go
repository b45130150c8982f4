package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// Two loads that start together on a database file that does not exist yet
// both create or find the schema and store their documents.
func TestConcurrentOpenOfNewFile(t *testing.T) {
	ctx := context.Background()
	for round := range 20 {
		path := filepath.Join(t.TempDir(), "new.db")
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(ctx, path)
				if err != nil {
					errs[i] = err
					return
				}
				defer s.Close()
				_, errs[i] = s.Ingest(ctx, yuhuan(fmt.Sprintf("/n/%d", i), fmt.Sprintf("n%d", i), 2021), sampleRecords())
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, load %d: %v", round, i, err)
			}
		}
	}
}

// SQLite's "database is locked" is told apart from other errors, so that the
// transaction is run again.
func TestSQLiteBusyIsRetried(t *testing.T) {
	ctx := context.Background()
	_, path := openTemp(t)
	holder, err := sql.Open("sqlite", "file:"+path+"?mode=rw")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	holder.SetMaxOpenConns(1)
	tx, err := holder.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents`); err != nil {
		t.Fatal(err)
	}
	impatient, err := sql.Open("sqlite", "file:"+path+"?mode=rw&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer impatient.Close()
	_, err = impatient.BeginTx(ctx, nil)
	if !sqliteBusy(err) {
		t.Errorf("BEGIN IMMEDIATE while another writes: %v; want it seen as busy", err)
	}
	if sqliteBusy(errors.New("database is locked")) || sqliteBusy(sql.ErrNoRows) {
		t.Errorf("other errors seen as busy")
	}
	tx.Rollback()
}
