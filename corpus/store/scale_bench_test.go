package store

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minsheng/minsheng/corpus"
)

// go test -run XXX -bench Scale -benchtime 1x ./corpus/store -minsheng.targets=1000000
var (
	scaleTargets = flag.Int("minsheng.targets", 20000, "target rows BenchmarkScale loads into each engine")
	scaleRepeats = flag.Int("minsheng.repeats", 41, "how often BenchmarkScale runs each report query")
	scaleDB      = flag.String("minsheng.db", "", "BenchmarkScale loads into this empty store, and only it, instead of fresh ones")
	scaleQueries = flag.Bool("minsheng.queries-only", false, "BenchmarkScale only queries the -minsheng.db it loaded before with the same -minsheng.targets")
)

// The scale benchmark's corpus: for every region and year a plan of
// scaleItems targets and three quarterly bulletins that restate them with
// progress, as the sample notices do.
const scaleItems = 100

var scaleCities = []string{"杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"}

var scaleMetrics = []struct{ metric, unit, lead string }{
	{"新增托位", "个", "市卫生健康局"}, {"改造老旧小区", "个", "市住房和城乡建设局"}, {"既有住宅加装电梯", "台", "市住房和城乡建设局"},
	{"建设阳光厨房", "家", "市市场监管局"}, {"新增停车位", "个", "市公安局"}, {"新建充电桩", "个", "市发展改革局"},
	{"新增养老床位", "张", "市民政局"}, {"新增学位", "个", "市教育局"}, {"改造农村公厕", "座", "市农业农村局"},
	{"棚户区改造", "套", "市住房和城乡建设局"}, {"城镇新增就业", "人", "市人力社保局"}, {"新建城市书房", "家", "市文化广电旅游局"},
	{"新建百姓健身房", "个", "市体育局"}, {"改造提升菜市场", "个", "市商务局"}, {"新建口袋公园", "个", "市综合行政执法局"},
	{"培训婴幼儿照护服务人员", "人次", "市卫生健康局"}, {"建设未来社区", "个", "市住房和城乡建设局"}, {"新改建农村公路", "公里", "市交通运输局"},
	{"开展免费体检", "人", "市卫生健康局"}, {"建成污水零直排区", "个", "市生态环境局"},
}

type scaleGroup struct {
	region corpus.Region
	county string
	year   int
}

func scaleDocs(g scaleGroup, gi int) []struct {
	doc  corpus.DocInfo
	recs []corpus.Record
} {
	rng := rand.New(rand.NewPCG(uint64(gi), 7))
	var out []struct {
		doc  corpus.DocInfo
		recs []corpus.Record
	}
	kinds := []string{corpus.DocPlan, corpus.DocProgress, corpus.DocProgress, corpus.DocProgress}
	asOf := []string{"", "-03-31", "-06-30", "-09-30"}
	published := []string{"-02-20", "-04-15", "-07-15", "-10-20"}
	values := make([]float64, scaleItems)
	for i := range values {
		values[i] = float64(10 * (1 + rng.IntN(100)))
	}
	for d, kind := range kinds {
		doc := corpus.DocInfo{
			Source:    fmt.Sprintf("https://www.%d.gov.cn/%d/%d.html", gi, g.year, d),
			SHA256:    fmt.Sprintf("scale-%d-%d", gi, d),
			Title:     corpus.Ptr(fmt.Sprintf("关于%d年%s民生实事项目的通报", g.year, g.county)),
			Published: corpus.Ptr(fmt.Sprintf("%d%s", g.year, published[d])),
			Year:      corpus.Ptr(g.year),
			Region:    g.region,
			Kind:      kind,
			Format:    "html",
			Charset:   "utf-8",
		}
		recs := make([]corpus.Record, scaleItems)
		for i := range recs {
			m := scaleMetrics[i%len(scaleMetrics)]
			metric := m.metric
			if i >= len(scaleMetrics) {
				metric = fmt.Sprintf("%s（第%d批）", m.metric, i/len(scaleMetrics)+1)
			}
			kind := corpus.KindLivelihood
			if i%3 == 2 {
				kind = corpus.KindKeyWork
			}
			v := values[i]
			r := corpus.Record{
				Doc:        doc,
				Section:    corpus.Ptr(fmt.Sprintf("%d年民生实事项目", g.year)),
				Kind:       kind,
				ItemNo:     corpus.Ptr(fmt.Sprint(i + 1)),
				Name:       fmt.Sprintf("%s%g%s", metric, v, m.unit),
				Metric:     corpus.Ptr(metric),
				Target:     corpus.Target{Value: corpus.Ptr(v), Unit: corpus.Ptr(m.unit), Raw: fmt.Sprintf("%s%g%s", metric, v, m.unit)},
				LeadUnits:  []string{m.lead},
				Deadline:   &corpus.Deadline{Raw: "年底前", Date: corpus.Ptr(fmt.Sprintf("%d-12-31", g.year))},
				Provenance: corpus.Provenance{Table: corpus.Ptr(1), Row: corpus.Ptr(i + 2), Col: corpus.Ptr(2)},
			}
			if d > 0 {
				rate := float64(d)*25 + float64(rng.IntN(40)) - 15
				status := corpus.StatusOnTrack
				switch {
				case rate >= 100:
					status = corpus.StatusCompleted
				case rng.IntN(10) == 0:
					status = corpus.StatusBehind
				}
				r.Progress = &corpus.Progress{
					AsOfRaw:        corpus.Ptr("截至" + asOf[d]),
					AsOf:           corpus.Ptr(fmt.Sprintf("%d%s", g.year, asOf[d])),
					CompletedValue: corpus.Ptr(v * rate / 100),
					RatePct:        corpus.Ptr(rate),
					Status:         corpus.Ptr(status),
					Raw:            corpus.Ptr(fmt.Sprintf("完成率%g%%", rate)),
				}
			}
			recs[i] = r
		}
		out = append(out, struct {
			doc  corpus.DocInfo
			recs []corpus.Record
		}{doc, recs})
	}
	return out
}

func scaleGroups(n int) []scaleGroup {
	groups := make([]scaleGroup, 0, n)
	for i := range n {
		year := 2019 + i%6
		cityIdx := (i / 6) % len(scaleCities)
		county := fmt.Sprintf("第%d县", i/(6*len(scaleCities))+1)
		groups = append(groups, scaleGroup{
			region: corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr(scaleCities[cityIdx]), County: corpus.Ptr(county)},
			county: county,
			year:   year,
		})
	}
	return groups
}

// BenchmarkScale loads -minsheng.targets generated target rows into each
// engine and reports the load rate and the p50 and p95 latency of the report
// queries. Run it once per engine with -benchtime 1x.
func BenchmarkScale(b *testing.B) {
	for _, bk := range backends {
		b.Run(bk.name, func(b *testing.B) { benchScale(b, bk) })
	}
}

func benchScale(b *testing.B, bk backend) {
	ctx := context.Background()
	var s *Store
	if *scaleDB != "" {
		if l, err := parseDSN(*scaleDB); err != nil || l.dialect.name != bk.name {
			b.Skipf("-minsheng.db names another engine")
		}
		var err error
		if s, err = Open(ctx, *scaleDB); err != nil {
			b.Fatal(err)
		}
		defer s.Close()
	} else {
		s, _ = bk.open(b)
	}
	groups := scaleGroups(max(1, *scaleTargets/(4*scaleItems)))
	workers := 1
	if bk.name == "postgres" {
		workers = 8
	}
	if *scaleQueries {
		if *scaleDB == "" {
			b.Fatal("-minsheng.queries-only needs -minsheng.db")
		}
		if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
		scaleQueryRun(b, s, groups)
		return
	}
	b.ResetTimer()
	start := time.Now()
	var rows atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for {
				gi := int(next.Add(1) - 1)
				if gi >= len(groups) {
					return
				}
				for _, d := range scaleDocs(groups[gi], gi) {
					if _, err := s.Ingest(ctx, d.doc, d.recs); err != nil {
						errs <- err
						return
					}
					rows.Add(int64(len(d.recs)))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	load := time.Since(start)
	// b.Loop drops metrics reported before it: these are reported after.
	defer func() {
		b.ReportMetric(float64(rows.Load())/load.Seconds(), "rows/s")
		b.ReportMetric(float64(rows.Load()), "rows")
		b.ReportMetric(load.Seconds(), "load-s")
	}()
	// Statistics for the planners, as a nightly job would keep them.
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	if n := queryIntB(b, s, `SELECT COUNT(*) FROM target_links`); n == 0 {
		b.Fatal("no links")
	}
	scaleQueryRun(b, s, groups)
}

// scaleQueryRun runs each report query -minsheng.repeats times and reports
// its p50 and p95 latency.
func scaleQueryRun(b *testing.B, s *Store, groups []scaleGroup) {
	ctx := context.Background()

	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() scaleGroup { return groups[rng.IntN(len(groups))] }
	queries := []struct {
		name string
		run  func() error
	}{
		{"report-county-year", func() error {
			g := pick()
			_, err := s.Report(ctx, ReportFilter{Region: g.county, Year: g.year})
			return err
		}},
		{"report-city-behind", func() error {
			g := pick()
			_, err := s.Report(ctx, ReportFilter{Region: *g.region.City, Year: g.year, Kind: corpus.KindLivelihood, Behind: true})
			return err
		}},
		{"summary-city-year", func() error {
			g := pick()
			_, _, err := s.Query(ctx, `SELECT * FROM completion_summary WHERE city = ? AND year = ?`, *g.region.City, g.year)
			return err
		}},
		{"history-target", func() error {
			g := pick()
			// The target, then its history: PostgreSQL pushes a constant,
			// not a join, into the view's UNION ALL.
			_, ids, err := s.Query(ctx, `SELECT t.id FROM targets t JOIN documents d ON d.id = t.document_id
				WHERE d.sha256 = ? AND t.seq = ?`, fmt.Sprintf("scale-%d-0", slices.Index(groups, g)), 1+rng.IntN(scaleItems))
			if err != nil || len(ids) != 1 {
				return fmt.Errorf("target: %v %v", ids, err)
			}
			_, rows, err := s.Query(ctx, `SELECT * FROM target_history WHERE target_id = ? ORDER BY as_of`, ids[0][0])
			if err == nil && len(rows) != 3 {
				err = fmt.Errorf("history of %v: %d reports, want 3", ids[0][0], len(rows))
			}
			return err
		}},
		{"behind-county", func() error {
			g := pick()
			_, _, err := s.Query(ctx, `SELECT * FROM targets_behind WHERE county = ? AND year = ?`, g.county, g.year)
			return err
		}},
		{"no-progress-city", func() error {
			g := pick()
			_, _, err := s.Query(ctx, `SELECT * FROM targets_without_progress WHERE city = ? AND year = ?`, *g.region.City, g.year)
			return err
		}},
		{"metric-city-year", func() error {
			g := pick()
			_, _, err := s.Query(ctx, `SELECT * FROM metric_comparison WHERE metric = '托位' AND city = ? AND year = ?`, *g.region.City, g.year)
			return err
		}},
	}
	for b.Loop() {
		for _, q := range queries {
			lat := make([]time.Duration, *scaleRepeats)
			for i := range lat {
				t0 := time.Now()
				if err := q.run(); err != nil {
					b.Fatalf("%s: %v", q.name, err)
				}
				lat[i] = time.Since(t0)
			}
			slices.Sort(lat)
			p := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))].Microseconds()) / 1000 }
			b.ReportMetric(p(0.50), q.name+"-p50-ms")
			b.ReportMetric(p(0.95), q.name+"-p95-ms")
		}
	}
}

func queryIntB(b *testing.B, s *Store, q string) int64 {
	_, rows, err := s.Query(context.Background(), q)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := rows[0][0].(int64)
	return n
}
