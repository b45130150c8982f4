package store

import (
	"context"
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
