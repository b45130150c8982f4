package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

// A plan and two later bulletins of 玉环 2021, generated: the bulletins restate
// the plan's targets in their own words and order, and report progress.
func linkDoc(source, sha, kind, published string) corpus.DocInfo {
	d := yuhuan(source, sha, 2021)
	d.Kind = kind
	d.Published = corpus.Ptr(published)
	return d
}

func planTarget(no, name, metric string, value float64, unit, lead string) corpus.Record {
	r := rec(no, name, metric, value, unit, "", 0)
	r.Section = corpus.Ptr("2021年民生实事项目")
	r.LeadUnits = []string{lead}
	r.Deadline = &corpus.Deadline{Raw: "年底前", Date: corpus.Ptr("2021-12-31")}
	return r
}

func report(no, name, metric string, value float64, unit, lead, asOf, status string, rate float64) corpus.Record {
	r := rec(no, name, metric, value, unit, corpus.StatusOnTrack, rate)
	r.LeadUnits = []string{lead}
	r.Progress.AsOf = corpus.Ptr(asOf)
	r.Progress.Status = nil
	if status != "" {
		r.Progress.Status = corpus.Ptr(status)
	}
	return r
}

type linkFixture struct {
	plan, q2, q3 corpus.DocInfo
	planRecs     []corpus.Record
	q2Recs       []corpus.Record
	q3Recs       []corpus.Record
}

func newLinkFixture() linkFixture {
	return linkFixture{
		plan: linkDoc("/plan.txt", "plan-sha", corpus.DocPlan, "2021-02-20"),
		q2:   linkDoc("/q2.txt", "q2-sha", corpus.DocProgress, "2021-07-15"),
		q3:   linkDoc("/q3.txt", "q3-sha", corpus.DocProgress, "2021-10-20"),
		planRecs: []corpus.Record{
			planTarget("1", "新增婴幼儿托位300个", "新增托位", 300, "个", "市卫生健康局"),
			planTarget("2", "改造老旧小区20个", "改造老旧小区", 20, "个", "市住房和城乡建设局"),
			planTarget("3", "既有住宅加装电梯50台", "加装电梯", 50, "台", "市住房和城乡建设局"),
			planTarget("4", "建设阳光厨房100家", "阳光厨房", 100, "家", "市市场监管局"),
		},
		// Q2 numbers the items differently and leaves one out.
		q2Recs: []corpus.Record{
			report("一", "托育服务", "新增托位", 300, "个", "市卫健局", "2021-06-30", corpus.StatusOnTrack, 40),
			report("二", "老旧小区改造", "改造老旧小区", 20, "个", "市住建局", "2021-06-30", "", 50),
			report("三", "加装电梯", "既有住宅加装电梯", 50, "台", "市住建局", "2021-06-30", corpus.StatusBehind, 10),
		},
		q3Recs: []corpus.Record{
			report("1", "新增婴幼儿托位300个", "新增托位", 300, "个", "市卫生健康局", "2021-09-30", corpus.StatusCompleted, 182.67),
			report("2", "改造老旧小区20个", "老旧小区改造", 20, "个", "市住房和城乡建设局", "2021-09-30", corpus.StatusOnTrack, 80),
			// Not in the plan: its own target.
			report("9", "新建口袋公园3个", "新建口袋公园", 3, "个", "市综合行政执法局", "2021-09-30", corpus.StatusOnTrack, 66.7),
		},
	}
}

func (f linkFixture) ingest(t *testing.T, s *Store, order ...string) {
	t.Helper()
	for _, o := range order {
		var err error
		switch o {
		case "plan":
			_, err = s.Ingest(context.Background(), f.plan, f.planRecs)
		case "q2":
			_, err = s.Ingest(context.Background(), f.q2, f.q2Recs)
		case "q3":
			_, err = s.Ingest(context.Background(), f.q3, f.q3Recs)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// openLinked opens a fresh store holding the fixture's plan and its two
// bulletins.
func openLinked(t *testing.T, bk backend) (s *Store, dsn string, f linkFixture) {
	t.Helper()
	f = newLinkFixture()
	s, dsn = bk.open(t)
	f.ingest(t, s, "plan", "q2", "q3")
	return s, dsn, f
}

// links returns the effective links as "report doc:seq -> plan seq".
func linkSummary(t *testing.T, s *Store) []string {
	t.Helper()
	_, rows, err := s.Query(context.Background(), `SELECT progress_sha256, progress_seq, plan_sha256 || ':' || CAST(plan_seq AS TEXT), COALESCE(decision, ''),
			CASE WHEN progress_target_id IS NULL OR plan_target_id IS NULL THEN 'unresolved' ELSE '' END
		FROM target_links ORDER BY progress_sha256, progress_seq, plan_sha256, plan_seq`)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s:%d->%s%s%s", r[0], r[1], r[2], suffix(r[3]), suffix(r[4])))
	}
	return out
}

func suffix(v any) string {
	if s, _ := v.(string); s != "" {
		return " " + s
	}
	return ""
}

// latest returns target_latest as "item: rate status (report)", after
// checking that its stored rows are current.
func latestSummary(t *testing.T, s *Store) []string {
	t.Helper()
	checkLatest(t, s)
	_, rows, err := s.Query(context.Background(), `SELECT tl.doc_kind, tl.item_no, tl.metric, tl.rate_pct, tl.status, tl.report_source, tl.behind
		FROM target_latest tl ORDER BY tl.doc_kind, tl.seq`)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %s: %v %v %v behind=%v", r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
	}
	return out
}

var wantLinks = []string{
	"q2-sha:1->plan-sha:1", "q2-sha:2->plan-sha:2", "q2-sha:3->plan-sha:3",
	"q3-sha:1->plan-sha:1", "q3-sha:2->plan-sha:2",
}

var wantLatest = []string{
	"plan 1 新增托位: 182.67 completed /q3.txt behind=0",
	"plan 2 改造老旧小区: 80 on_track /q3.txt behind=0",
	"plan 3 加装电梯: 10 behind /q2.txt behind=1",
	"plan 4 阳光厨房: <nil> <nil> <nil> behind=0",
	"progress 9 新建口袋公园: 66.7 on_track /q3.txt behind=0",
}

func TestLinkTargets(t *testing.T) { forEachBackend(t, testLinkTargets) }

func testLinkTargets(t *testing.T, bk backend) {
	f := newLinkFixture()
	for _, order := range [][]string{{"plan", "q2", "q3"}, {"q3", "q2", "plan"}, {"q2", "plan", "q3"}} {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			s, _ := bk.open(t)
			f.ingest(t, s, order...)
			if got := linkSummary(t, s); !reflect.DeepEqual(got, wantLinks) {
				t.Errorf("links\n got %q\nwant %q", got, wantLinks)
			}
			if got := latestSummary(t, s); !reflect.DeepEqual(got, wantLatest) {
				t.Errorf("target_latest\n got %q\nwant %q", got, wantLatest)
			}
		})
	}

	s, _, _ := openLinked(t, bk)
	ctx := context.Background()
	_, rows, err := s.Query(ctx, `SELECT rule, confidence FROM target_links WHERE progress_sha256 = 'q3-sha' AND progress_seq = 1`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	if rows[0][0] != "metric~1.00+unit+lead~1.00+item_no+value" || rows[0][1] != 1.0 {
		t.Errorf("rule %v confidence %v", rows[0][0], rows[0][1])
	}

	// The report reads target_latest.
	rep, err := s.Report(ctx, ReportFilter{Region: "玉环"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rep {
		got = append(got, fmt.Sprintf("%s %s %v %s %s", r.DocKind, r.Metric, fptrString(r.RatePct), r.Source, r.ReportSource))
	}
	want := []string{
		"plan 加装电梯 10 /plan.txt /q2.txt", // behind first
		"plan 新增托位 182.67 /plan.txt /q3.txt",
		"plan 改造老旧小区 80 /plan.txt /q3.txt",
		"plan 阳光厨房 - /plan.txt ",
		"progress 新建口袋公园 66.7 /q3.txt /q3.txt",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("report\n got %q\nwant %q", got, want)
	}

	// One target's history across the bulletins.
	_, rows, err = s.Query(ctx, `SELECT h.report_source, h.as_of, h.rate_pct FROM target_history h
		JOIN targets t ON t.id = h.target_id JOIN documents d ON d.id = t.document_id
		WHERE d.sha256 = 'plan-sha' AND t.seq = 1 ORDER BY h.as_of`)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]any{{"/q2.txt", "2021-06-30", 40.0}, {"/q3.txt", "2021-09-30", 182.67}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("history %v, want %v", rows, want)
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM targets_without_progress`); n != 1 {
		t.Errorf("%d targets without progress, want 1 (阳光厨房)", n)
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM targets_behind`); n != 1 {
		t.Errorf("%d targets behind, want 1 (加装电梯)", n)
	}
	_, rows, err = s.Query(ctx, `SELECT county, year, kind, targets, reported, completed, behind FROM completion_summary`)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]any{{"玉环市", int64(2021), "livelihood", int64(5), int64(4), int64(1), int64(1)}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("completion_summary %v, want %v", rows, want)
	}
	rate := 182.67
	_, rows, err = s.Query(ctx, `SELECT metric, unit, county, target_value, completed_value FROM metric_comparison ORDER BY metric`)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]any{
		{"加装电梯", "台", "玉环市", 50.0, 5.0},
		{"托位", "个", "玉环市", 300.0, 300 * rate / 100},
		{"老旧小区改造", "个", "玉环市", 20.0, 16.0},
		{"阳光厨房", "家", "玉环市", 100.0, nil},
	}; !reflect.DeepEqual(rows, want) {
		t.Errorf("metric_comparison %v, want %v", rows, want)
	}
}

func fptrString(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func linkID(t *testing.T, s *Store, progressSHA string, seq int) int64 {
	t.Helper()
	return queryInt(t, s, `SELECT id FROM target_links WHERE progress_sha256 = ? AND progress_seq = ?`, progressSHA, seq)
}

// A person's decisions survive re-ingesting, the plan's replacement by another
// version and its return.
func TestLinkDecisions(t *testing.T) { forEachBackend(t, testLinkDecisions) }

func testLinkDecisions(t *testing.T, bk backend) {
	ctx := context.Background()
	s, dsn, f := openLinked(t, bk)
	if err := s.DecideLink(ctx, linkID(t, s, "q3-sha", 1), LinkRejected, "analyst"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideLink(ctx, linkID(t, s, "q2-sha", 3), LinkConfirmed, "analyst"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideLink(ctx, 99999, LinkConfirmed, ""); !errors.Is(err, ErrNoLink) {
		t.Errorf("DecideLink(missing) = %v, want ErrNoLink", err)
	}
	if err := s.DecideLink(ctx, linkID(t, s, "q2-sha", 3), "maybe", ""); err == nil {
		t.Errorf("DecideLink(maybe) succeeded")
	}
	want := []string{
		"q2-sha:1->plan-sha:1", "q2-sha:2->plan-sha:2", "q2-sha:3->plan-sha:3 confirmed",
		"q3-sha:1->plan-sha:1 rejected", "q3-sha:2->plan-sha:2",
	}
	wantLatest := []string{
		"plan 1 新增托位: 40 on_track /q2.txt behind=0", // Q3's report was rejected
		"plan 2 改造老旧小区: 80 on_track /q3.txt behind=0",
		"plan 3 加装电梯: 10 behind /q2.txt behind=1",
		"plan 4 阳光厨房: <nil> <nil> <nil> behind=0",
		"progress 1 新增托位: 182.67 completed /q3.txt behind=0", // now its own target
		"progress 9 新建口袋公园: 66.7 on_track /q3.txt behind=0",
	}
	check := func(step string) {
		t.Helper()
		if got := linkSummary(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: links\n got %q\nwant %q", step, got, want)
		}
		if got := latestSummary(t, s); !reflect.DeepEqual(got, wantLatest) {
			t.Errorf("%s: target_latest\n got %q\nwant %q", step, got, wantLatest)
		}
	}
	check("decided")
	confirmedID := linkID(t, s, "q2-sha", 3)

	f.ingest(t, s, "q3", "q2", "plan")
	check("same documents again")

	// The plan's source gets other content: its targets go, and with them
	// every link; the decisions stay, unresolved.
	other := f.plan
	other.SHA256 = "plan-v2"
	if out, err := s.Ingest(ctx, other, f.planRecs[:1]); err != nil || out != Replaced {
		t.Fatalf("replace: %v %v", out, err)
	}
	got := linkSummary(t, s)
	wantMid := []string{
		// The new version is another document: linked afresh.
		"q2-sha:1->plan-v2:1", "q2-sha:3->plan-sha:3 confirmed unresolved",
		"q3-sha:1->plan-sha:1 rejected unresolved", "q3-sha:1->plan-v2:1",
	}
	if !reflect.DeepEqual(got, wantMid) {
		t.Errorf("after replacement: links\n got %q\nwant %q", got, wantMid)
	}
	checkLatest(t, s)
	// The first version comes back: the decisions apply again.
	if out, err := s.Ingest(ctx, f.plan, f.planRecs); err != nil || out != Replaced {
		t.Fatalf("restore: %v %v", out, err)
	}
	check("restored")
	if id := linkID(t, s, "q2-sha", 3); id != confirmedID {
		t.Errorf("confirmed link id %d, was %d", id, confirmedID)
	}

	// Decisions are in the store, not in this process.
	s.Close()
	s2, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	links, err := s2.Links(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range links {
		if l.Decision != "" {
			n++
			if l.DecidedBy != "analyst" || l.DecidedAt == "" || l.ProgressTarget == nil || l.PlanTarget == nil {
				t.Errorf("decided link %+v", l)
			}
		}
	}
	if n != 2 || len(links) != 5 {
		t.Errorf("%d links, %d decided; want 5 and 2", len(links), n)
	}
}

func TestLikeness(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"新增托位", "新增托位", 1},
		{"改造老旧小区", "老旧小区改造", 0.8},
		{"新增托位", "托位", 0.5},
		{"托位", "阳光厨房", 0},
		{"位", "位", 1},
		{"", "托位", 0},
		{"市卫健局", "市卫生健康局", 0.25},
	}
	for _, tt := range tests {
		if got := likeness(tt.a, tt.b); fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", tt.want) {
			t.Errorf("likeness(%q, %q) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}
