package store

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

// groupDoc is the n-th document of one government's year: a plan of
// groupTargets targets first, then bulletins and supervision reports that
// restate them with progress, each of distinct content.
func groupDoc(n int) (corpus.DocInfo, []corpus.Record) {
	const year = 2023
	region := corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr("台州市"), County: corpus.Ptr("玉环市")}
	kind := corpus.DocProgress
	switch {
	case n == 0:
		kind = corpus.DocPlan
	case n%5 == 0:
		kind = corpus.DocSupervision
	}
	doc := corpus.DocInfo{
		Source:    fmt.Sprintf("https://www.yuhuan.gov.cn/%d.html", n),
		SHA256:    fmt.Sprintf("group-%d", n),
		Title:     corpus.Ptr(fmt.Sprintf("关于%d年民生实事项目进展情况的通报(第%d期)", year, n)),
		Published: corpus.Ptr(fmt.Sprintf("%d-%02d-%02d", year, 1+n%12, 1+n%28)),
		Year:      corpus.Ptr(year),
		Region:    region,
		Kind:      kind,
	}
	recs := make([]corpus.Record, groupTargets)
	for i := range recs {
		m := scaleMetrics[i%len(scaleMetrics)]
		v := float64(10 * (i + 1))
		recs[i] = corpus.Record{
			Doc: doc, Section: corpus.Ptr("民生实事项目"), Kind: corpus.KindLivelihood,
			ItemNo: corpus.Ptr(fmt.Sprint(i + 1)), Name: fmt.Sprintf("%s%g%s", m.metric, v, m.unit),
			Metric:    corpus.Ptr(m.metric),
			Target:    corpus.Target{Value: corpus.Ptr(v), Unit: corpus.Ptr(m.unit), Raw: fmt.Sprintf("%s%g%s", m.metric, v, m.unit)},
			LeadUnits: []string{m.lead},
		}
		if n > 0 {
			rate := float64((n*7+i*13)%120 + 1)
			recs[i].Progress = &corpus.Progress{
				AsOf: corpus.Ptr(fmt.Sprintf("%d-%02d-28", year, 1+n%12)), CompletedValue: corpus.Ptr(v * rate / 100),
				RatePct: corpus.Ptr(rate), Raw: corpus.Ptr(fmt.Sprintf("完成率%g%%", rate)),
			}
		}
	}
	return doc, recs
}

const groupTargets = 20

// go test -run XXX -bench GroupGrowth -benchtime 100x ./corpus/store -minsheng.group-sizes=100000
var groupSizes = flag.String("minsheng.group-sizes", "100,1000,10000", "BenchmarkGroupGrowth's group sizes, in documents, separated by commas")

// BenchmarkGroupGrowth is the time to ingest one more document into a region
// and year that holds a plan and N reports already: linking compares it with
// an index of the group, so the time stays flat as N grows.
func BenchmarkGroupGrowth(b *testing.B) {
	dir := b.TempDir() // the sub-benchmarks' calls share their stores
	groupStores := map[int]*groupStore{}
	b.Cleanup(func() {
		for _, g := range groupStores {
			g.s.Close()
		}
	})
	for _, f := range strings.Split(*groupSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("-minsheng.group-sizes: %q is not a number of documents", f)
		}
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			ctx := context.Background()
			// The group is built once; the benchmark's calls go on adding to it.
			g := groupStores[n]
			if g == nil {
				g = &groupStore{}
				var err error
				if g.s, err = Open(ctx, filepath.Join(dir, fmt.Sprintf("group-%d.db", n))); err != nil {
					b.Fatal(err)
				}
				for ; g.next < n; g.next++ {
					doc, recs := groupDoc(g.next)
					if _, err := g.s.Ingest(ctx, doc, recs); err != nil {
						b.Fatal(err)
					}
				}
				groupStores[n] = g
			}
			b.ResetTimer()
			for range b.N {
				doc, recs := groupDoc(g.next)
				g.next++
				if _, err := g.s.Ingest(ctx, doc, recs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type groupStore struct {
	s    *Store
	next int
}
