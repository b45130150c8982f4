package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

// checkLatest fails the test unless latest_reports holds exactly the rows a
// computation from scratch gives.
func checkLatest(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	_, stored, err := s.Query(ctx, `SELECT `+latestColumns+` FROM latest_reports ORDER BY target_id`)
	if err != nil {
		t.Fatal(err)
	}
	fresh := strings.ReplaceAll(latestInsert, "{{docs}}", "SELECT id FROM documents")
	fresh = strings.Replace(fresh, "INSERT INTO latest_reports ("+latestColumns+")", "", 1) + " ORDER BY 1"
	_, want, err := s.Query(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, want) {
		t.Errorf("latest_reports is stale:\n got %v\nwant %v", stored, want)
	}
}

// A source that gives another region's or year's document takes its
// document's links along: the targets that reported on it report for
// themselves again, and the other way round.
func TestLatestFollowsReplacement(t *testing.T) { forEachBackend(t, testLatestFollowsReplacement) }

func testLatestFollowsReplacement(t *testing.T, bk backend) {
	ctx := context.Background()
	s, _, f := openLinked(t, bk)
	checkLatest(t, s)

	// The plan's source now gives the next year's plan.
	next := f.plan
	next.SHA256 = "plan-2022"
	next.Year = corpus.Ptr(2022)
	if out, err := s.Ingest(ctx, next, f.planRecs); err != nil || out != Replaced {
		t.Fatalf("replace: %v %v", out, err)
	}
	checkLatest(t, s)
	if n := queryInt(t, s, `SELECT COUNT(*) FROM target_latest WHERE doc_kind = 'progress'`); n != 6 {
		t.Errorf("%d bulletin targets report for themselves, want all 6", n)
	}

	// Q3's content comes from a second source too; its first source then
	// gives other content: the document stays, under its other source.
	if out, err := s.Ingest(ctx, linkDoc("/q3-copy.txt", "q3-sha", corpus.DocProgress, "2021-10-20"), f.q3Recs); err != nil || out != Unchanged {
		t.Fatalf("copy: %v %v", out, err)
	}
	if out, err := s.Ingest(ctx, linkDoc("/q3.txt", "q3-v2", corpus.DocOther, "2021-10-21"), nil); err != nil || out != Replaced {
		t.Fatalf("replace q3: %v %v", out, err)
	}
	checkLatest(t, s)
	if n := queryInt(t, s, `SELECT COUNT(*) FROM target_latest WHERE report_source = '/q3-copy.txt'`); n != 3 {
		t.Errorf("%d targets report from the copy's source, want 3", n)
	}

	// The plan comes back: the bulletins report on it again.
	if out, err := s.Ingest(ctx, f.plan, f.planRecs); err != nil || out != Replaced {
		t.Fatalf("restore: %v %v", out, err)
	}
	checkLatest(t, s)
	if n := queryInt(t, s, `SELECT COUNT(*) FROM target_latest WHERE doc_kind = 'progress'`); n != 1 {
		t.Errorf("%d bulletin targets report for themselves, want 1", n)
	}
	for _, id := range []int64{linkID(t, s, "q2-sha", 1), linkID(t, s, "q3-sha", 2)} {
		if err := s.DecideLink(ctx, id, LinkRejected, ""); err != nil {
			t.Fatal(err)
		}
		checkLatest(t, s)
	}
	if err := s.DecideLink(ctx, linkID(t, s, "q2-sha", 2), LinkConfirmed, ""); err != nil {
		t.Fatal(err)
	}
	checkLatest(t, s)
}

// A store made before latest_reports gets its rows when it is migrated.
func TestMigrateToLatestReports(t *testing.T) { forEachBackend(t, testMigrateToLatestReports) }

func testMigrateToLatestReports(t *testing.T, bk backend) {
	ctx := context.Background()
	s, dsn, _ := openLinked(t, bk)
	if err := s.DecideLink(ctx, linkID(t, s, "q3-sha", 1), LinkRejected, ""); err != nil {
		t.Fatal(err)
	}
	want := latestSummary(t, s)

	// Back to schema version 3: the views of 0002 over no table.
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var views []string
	for q := range strings.SplitSeq(ms[1].sql, ";") {
		if q = strings.TrimSpace(stripComments(q)); strings.HasPrefix(q, "CREATE VIEW") && !strings.Contains(q, "target_history") {
			views = append(views, q)
		}
	}
	downgrade := []string{
		`DROP VIEW metric_comparison`, `DROP VIEW completion_summary`, `DROP VIEW targets_without_progress`,
		`DROP VIEW targets_behind`, `DROP VIEW target_latest`, `DROP TABLE latest_reports`, `DROP INDEX documents_group`,
		`CREATE INDEX items_document ON items (document_id)`, `CREATE INDEX targets_document ON targets (document_id)`,
		`CREATE INDEX progress_target ON progress (target_id)`, `DELETE FROM schema_migrations WHERE version = 4`,
	}
	for _, q := range append(downgrade, views...) {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if len(views) != 5 {
		t.Fatalf("%d views of 0002 made again, want 5", len(views))
	}
	s.Close()

	applied, err := Migrate(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(applied) != "[0004_latest_reports]" {
		t.Errorf("applied %v", applied)
	}
	s2, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := latestSummary(t, s2); !reflect.DeepEqual(got, want) {
		t.Errorf("after migration\n got %q\nwant %q", got, want)
	}
}
