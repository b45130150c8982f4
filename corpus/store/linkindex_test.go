package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

type sampleDoc struct {
	doc  corpus.DocInfo
	recs []corpus.Record
}

// goldenSamples reads the sample documents' records from testdata/golden.
func goldenSamples(t *testing.T) []sampleDoc {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*.jsonl"))
	if len(paths) == 0 {
		t.Fatal("no golden records under testdata/golden")
	}
	var out []sampleDoc
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var d sampleDoc
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r corpus.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			d.doc = r.Doc
			d.recs = append(d.recs, r)
		}
		f.Close()
		if len(d.recs) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// variant is d as another document of its region and year: a plan, or a
// report whose progress restates each target's value half done.
func variant(d sampleDoc, kind, tag string) sampleDoc {
	v := sampleDoc{doc: d.doc}
	v.doc.Kind = kind
	v.doc.SHA256 = d.doc.SHA256 + "-" + tag
	v.doc.Source = d.doc.Source + "#" + tag
	for _, r := range d.recs {
		r.Doc = v.doc
		r.Progress = nil
		if kind != corpus.DocPlan && r.Target.Value != nil {
			done := *r.Target.Value / 2
			r.Progress = &corpus.Progress{CompletedValue: &done, RatePct: corpus.Ptr(50.0), AsOf: corpus.Ptr(fmt.Sprintf("%d-06-30", len(tag)+2020))}
		}
		v.recs = append(v.recs, r)
	}
	return v
}

// storeDump is what linking and the latest reports left in a store.
func storeDump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT progress_sha256, progress_seq, plan_sha256, plan_seq, progress_target_id, plan_target_id, confidence, rule, COALESCE(decision, '')
			FROM target_links ORDER BY progress_sha256, progress_seq, plan_sha256, plan_seq`,
		`SELECT ` + strings.Replace(latestColumns, "link_id,", "", 1) + ` FROM latest_reports ORDER BY target_id`,
	} {
		_, rows, err := s.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			fmt.Fprintln(&b, r...)
		}
	}
	return b.String()
}

// The indexed linker makes the links the whole-group scan made, and the
// latest reports are those of a recomputation, whatever the order the sample
// documents, plans and reports restating them, replacements and decisions
// come in.
func TestIndexedLinkingMakesTheSameLinks(t *testing.T) {
	forEachBackend(t, testIndexedLinkingMakesTheSameLinks)
}

func testIndexedLinkingMakesTheSameLinks(t *testing.T, bk backend) {
	ctx := context.Background()
	samples := goldenSamples(t)
	var docs []sampleDoc
	for _, d := range samples {
		docs = append(docs, d,
			variant(d, corpus.DocPlan, "plan"), variant(d, corpus.DocProgress, "q2"),
			variant(d, corpus.DocSupervision, "q3"), variant(d, corpus.DocCandidates, "cand"))
	}
	for i := range 12 {
		doc, recs := groupDoc(i)
		docs = append(docs, sampleDoc{doc, recs})
	}
	for round := range 3 {
		t.Run(fmt.Sprint("order ", round), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(round), 14))
			order := rng.Perm(len(docs))
			indexed, _ := bk.open(t)
			scan, _ := bk.open(t)
			scan.scanLinks = true
			for _, s := range []*Store{indexed, scan} {
				for step, i := range order {
					d := docs[i]
					if _, err := s.Ingest(ctx, d.doc, d.recs); err != nil {
						t.Fatal(err)
					}
					if step == len(order)/2 {
						// A person decides about two links; then a report's
						// source gives new content, and a plan is stored
						// again under a new name.
						var ids []int64
						links, err := s.Links(ctx)
						if err != nil {
							t.Fatal(err)
						}
						for _, l := range links {
							ids = append(ids, l.ID)
						}
						if len(ids) >= 2 {
							if err := s.DecideLink(ctx, ids[0], LinkConfirmed, "王芳"); err != nil {
								t.Fatal(err)
							}
							if err := s.DecideLink(ctx, ids[len(ids)-1], LinkRejected, "王芳"); err != nil {
								t.Fatal(err)
							}
						}
					}
				}
				again := variant(samples[round%len(samples)], corpus.DocProgress, "q2")
				again.doc.SHA256 += "-v2"
				again.recs = again.recs[:len(again.recs)/2]
				if _, err := s.Ingest(ctx, again.doc, again.recs); err != nil {
					t.Fatal(err)
				}
				checkLatest(t, s)
			}
			got, want := storeDump(t, indexed), storeDump(t, scan)
			if got != want {
				t.Errorf("indexed linking differs from the scan:\n%s", diffLines(got, want))
			}
			if n := strings.Count(want, "\n"); n < 100 {
				t.Errorf("only %d rows of links and latest reports: the test shows little", n)
			}
		})
	}
}

// diffLines returns the lines only one of a and b holds.
func diffLines(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for l := range strings.SplitSeq(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for l := range ma {
		if !mb[l] {
			out = append(out, "+ "+l)
		}
	}
	for l := range mb {
		if !ma[l] {
			out = append(out, "- "+l)
		}
	}
	if len(out) > 40 {
		out = append(out[:40], "…")
	}
	return strings.Join(out, "\n")
}
