package extract_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// TestShapes extracts the shapes of the genre the sample corpus lacks, from
// testdata/shapes: a bulletin of numbered items each followed by its progress
// paragraph, an HTML progress table with a rate column, and a plan of items
// written as headings with labelled paragraphs. Each line of the .want file
// is item|metric|value unit|lead units|deadline|completed|rate|status|as-of|budget
// in 万元 with its sources.
func TestShapes(t *testing.T) {
	ms, err := filepath.Glob(filepath.Join("..", "testdata", "shapes", "*.want"))
	if err != nil || len(ms) == 0 {
		t.Fatalf("no testdata/shapes/*.want (%v)", err)
	}
	for _, want := range ms {
		src := strings.TrimSuffix(want, ".want")
		t.Run(filepath.Base(src), func(t *testing.T) {
			doc, err := loaders.Load(src, loaders.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range extract.Extract(doc) {
				got = append(got, summary(r))
			}
			if *update {
				if err := os.WriteFile(want, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if i, g, w, ok := firstDifference(got, strings.Split(strings.TrimSpace(string(b)), "\n")); ok {
				t.Errorf("record %d:\n got %s\nwant %s\n(go test ./extract -run Shapes -update rewrites %s after review)", i+1, g, w, want)
			}
		})
	}
}

// TestShapesInOtherFormats extracts the Word and web-page renderings of the
// shapes (testdata/fixtures/shapes, made by go run ./testdata/fixtures/gen):
// each must give the records its text gives.
func TestShapesInOtherFormats(t *testing.T) {
	ms, err := filepath.Glob(filepath.Join("..", "testdata", "fixtures", "shapes", "*"))
	if err != nil || len(ms) == 0 {
		t.Fatalf("no testdata/fixtures/shapes/* (%v)", err)
	}
	for _, path := range ms {
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		t.Run(filepath.Base(path), func(t *testing.T) {
			doc, err := loaders.Load(path, loaders.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range extract.Extract(doc) {
				got = append(got, summary(r))
			}
			b, err := os.ReadFile(filepath.Join("..", "testdata", "shapes", name+".txt.want"))
			if err != nil {
				t.Fatal(err)
			}
			if i, g, w, ok := firstDifference(got, strings.Split(strings.TrimSpace(string(b)), "\n")); ok {
				t.Errorf("record %d:\n got %s\nwant %s", i+1, g, w)
			}
		})
	}
}

func summary(r corpus.Record) string {
	s := func(p *string) string {
		if p == nil {
			return "-"
		}
		return *p
	}
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	deadline, completed, rate, status, asOf := "-", "-", "-", "-", "-"
	if r.Deadline != nil {
		deadline = s(r.Deadline.Date)
	}
	if p := r.Progress; p != nil {
		completed, rate, status, asOf = f(p.CompletedValue), f(p.RatePct), s(p.Status), s(p.AsOf)
	}
	budget := f(r.BudgetWan)
	for _, b := range r.BudgetSources {
		budget += fmt.Sprintf(" %s %g", b.Source, b.Wan)
	}
	return strings.Join([]string{s(r.ItemNo), s(r.Metric), f(r.Target.Value) + " " + s(r.Target.Unit),
		strings.Join(r.LeadUnits, "、"), deadline, completed, rate, status, asOf, budget}, "|")
}
