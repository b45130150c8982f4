package web

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/minsheng/minsheng/corpus/store"
)

var benchDB = flag.String("web.db", "", "BenchmarkPages reads this store (e.g. the one BenchmarkScale of corpus/store loads with -minsheng.db) instead of the sample corpus")

// BenchmarkPages measures the server time of each page, p50 and p95 over
// -benchtime requests (at least 41), on random governments and years, and
// the first request's, which computes what the overview and metric pages
// keep in memory.
func BenchmarkPages(b *testing.B) {
	dsn := *benchDB
	if dsn == "" {
		dsn = sqliteSample(b)
	}
	st := openRO(b, dsn)
	s := newServer(b, st, Options{})
	ctx := context.Background()
	regions, years, err := st.Regions(ctx)
	if err != nil || len(regions) == 0 {
		b.Fatalf("%d regions: %v", len(regions), err)
	}
	if len(years) == 0 {
		years = []int{0}
	}
	first, next, err := st.TargetsPage(ctx, store.BrowseFilter{}, nil, defaultPageSize)
	if err != nil || len(first) == 0 {
		b.Fatalf("first page: %v", err)
	}
	ids := []int64{first[0].TargetID}
	// a page far down: follow the keys for a while
	for range 20 {
		if next == nil {
			break
		}
		var page []store.ReportRow
		if page, next, err = st.TargetsPage(ctx, store.BrowseFilter{}, next, maxPageSize); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, page[len(page)/2].TargetID)
	}
	deep := ""
	if next != nil {
		deep = "&after=" + encodeKey(next)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	region := func() (string, string) {
		r := regions[rnd.IntN(len(regions))]
		y := years[rnd.IntN(len(years))]
		q := url.Values{}
		if r.Province != "" {
			q.Set("province", r.Province)
		}
		if r.City != "" {
			q.Set("city", r.City)
		}
		if r.County != "" {
			q.Set("county", r.County)
		}
		if y != 0 {
			q.Set("year", fmt.Sprint(y))
		}
		cityOnly := url.Values{"city": {r.City}}
		if y != 0 {
			cityOnly.Set("year", fmt.Sprint(y))
		}
		return q.Encode(), cityOnly.Encode()
	}
	pages := []struct {
		name string
		url  func() string
	}{
		{"overview", func() string { return "/" }},
		{"overview-city-year", func() string { _, c := region(); return "/?" + c }},
		{"targets", func() string { return "/targets" }},
		{"targets-deep", func() string { return "/targets?n=50" + deep }},
		{"targets-county-year", func() string { q, _ := region(); return "/targets?" + q }},
		{"targets-behind-city-year", func() string { _, c := region(); return "/targets?status=behind&" + c }},
		{"targets-sorted-county-year", func() string { q, _ := region(); return "/targets?sort=-rate&" + q }},
		{"targets-search", func() string { return "/targets?q=" + url.QueryEscape("托位") }},
		{"target", func() string { return fmt.Sprintf("/target/%d", ids[rnd.IntN(len(ids))]) }},
		{"source", func() string { return fmt.Sprintf("/target/%d/source", ids[rnd.IntN(len(ids))]) }},
		{"metric", func() string { return "/metric?m=" + url.QueryEscape("托位") }},
		{"metric-city-year", func() string { _, c := region(); return "/metric?m=" + url.QueryEscape("托位") + "&" + c }},
		{"documents", func() string { return "/documents" }},
	}
	n := max(b.N, 41)
	b.ResetTimer()
	for _, p := range pages {
		times := make([]time.Duration, 0, n)
		for range n {
			u := p.url()
			rec := httptest.NewRecorder()
			start := time.Now()
			s.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
			times = append(times, time.Since(start))
			if rec.Code != 200 {
				b.Fatalf("%s: status %d", u, rec.Code)
			}
		}
		first := times[0] // the overview and metric pages compute what later requests find kept
		slices.Sort(times)
		p50, p95 := times[len(times)/2], times[len(times)*95/100]
		b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms/"+p.name)
		b.Logf("%-26s p50 %6.1f ms  p95 %6.1f ms  first %6.1f ms", p.name, float64(p50.Microseconds())/1000, float64(p95.Microseconds())/1000, float64(first.Microseconds())/1000)
	}
}
