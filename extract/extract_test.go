package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedRecords reads one seed of the sample corpus and extracts every item of
// it (ScopeAll, so that golden files cover the 重点工作 tables too), with the
// source recorded as its path from the repository root so that golden files
// do not depend on where the test runs.
func seedRecords(t testing.TB, name string) []corpus.Record {
	return seedRecordsIn(t, name, extract.ScopeAll)
}

func seedRecordsIn(t testing.TB, name string, scope extract.Scope) []corpus.Record {
	t.Helper()
	path := filepath.Join("..", "testdata", "seeds", name)
	doc, err := loaders.Load(path, loaders.Options{Meta: loaders.Meta{Source: "testdata/seeds/" + name}})
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return extract.ExtractWith(doc, extract.Options{Scope: scope})
}

func seeds(t testing.TB) []string {
	t.Helper()
	ms, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		base := filepath.Base(m)
		if strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".md") {
			out = append(out, base)
		}
	}
	if len(out) < 5 {
		t.Fatalf("sample corpus has %d documents, want 5", len(out))
	}
	return out
}

func encode(t testing.TB, recs []corpus.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range recs {
		if err := enc.Encode(recs[i].Normalized()); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestGolden compares each seed's records with testdata/golden/SEED.jsonl;
// go test ./extract -update rewrites them.
func TestGolden(t *testing.T) {
	for _, name := range seeds(t) {
		t.Run(name, func(t *testing.T) {
			got := encode(t, seedRecords(t, name))
			golden := filepath.Join("..", "testdata", "golden", strings.TrimSuffix(name, filepath.Ext(name))+".jsonl")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				if i, g, w, ok := firstDifference(strings.Split(string(got), "\n"), strings.Split(string(want), "\n")); ok {
					t.Fatalf("%s differs from %s at record %d:\n got: %.400s\nwant: %.400s\n(go test ./extract -update rewrites it after review)", name, golden, i+1, g, w)
				}
			}
		})
	}
}

// TestExtractIsDeterministic extracts every seed twice.
func TestExtractIsDeterministic(t *testing.T) {
	for _, name := range seeds(t) {
		a := encode(t, seedRecords(t, name))
		b := encode(t, seedRecords(t, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two extractions differ", name)
		}
	}
}

// TestScope counts what each scope keeps of every seed: the default keeps the
// 民生实事 projects and the 重点工作 a document names with a status, and
// everything of a document without livelihood projects.
func TestScope(t *testing.T) {
	type counts struct{ livelihood, keyWork, other int }
	tests := []struct {
		seed                string
		livelihood, all     counts
		statusListedKeyWork string
	}{
		{"yuhuan-2021-q3-bulletin.txt", counts{21, 8, 0}, counts{21, 262, 0}, corpus.StatusBehind},
		{"wenling-2022-supervision-plan.txt", counts{20, 0, 0}, counts{20, 48, 0}, ""},
		{"wenzhou-2022-candidates.md", counts{68, 0, 0}, counts{68, 0, 0}, ""},
		{"hangzhou-livelihood-lists.txt", counts{98, 0, 0}, counts{98, 0, 0}, ""},
		{"cangnan-2023-q1-progress-mojibake.txt", counts{191, 0, 0}, counts{191, 0, 0}, ""},
	}
	count := func(recs []corpus.Record) (c counts) {
		for _, r := range recs {
			switch r.Kind {
			case corpus.KindLivelihood:
				c.livelihood++
			case corpus.KindKeyWork:
				c.keyWork++
			default:
				c.other++
			}
		}
		return c
	}
	for _, tt := range tests {
		t.Run(tt.seed, func(t *testing.T) {
			def := seedRecordsIn(t, tt.seed, extract.ScopeLivelihood)
			if got := count(def); got != tt.livelihood {
				t.Errorf("scope livelihood: %+v, want %+v", got, tt.livelihood)
			}
			if got := count(seedRecordsIn(t, tt.seed, extract.ScopeAll)); got != tt.all {
				t.Errorf("scope all: %+v, want %+v", got, tt.all)
			}
			for _, r := range def {
				if r.Kind == corpus.KindKeyWork && (r.Provenance.Table != nil || r.Progress == nil || r.Progress.Status == nil || *r.Progress.Status != tt.statusListedKeyWork) {
					t.Errorf("kept key work %q (table %v) is not from a status list", r.Name, r.Provenance.Table)
				}
			}
		})
	}
}

func TestScopeFlagValue(t *testing.T) {
	for _, name := range []string{"livelihood", "all"} {
		var s extract.Scope
		if err := s.Set(name); err != nil || s.String() != name {
			t.Errorf("Set(%q): %v, String %q", name, err, s.String())
		}
	}
	var s extract.Scope
	if err := s.Set("everything"); err == nil {
		t.Error("Set(everything) gave no error")
	}
}

// firstDifference finds the first line where got and want differ: its index
// and both lines, "" past the end of either.
func firstDifference(got, want []string) (int, string, string, bool) {
	for i := 0; i < max(len(got), len(want)); i++ {
		g, w := "", ""
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return i, g, w, true
		}
	}
	return 0, "", "", false
}

// TestScopeKeepsKeyWorkWhenLivelihoodGivesNothing: a key-work table left
// unread for a livelihood table that yields no record is read after all.
func TestScopeKeepsKeyWorkWhenLivelihoodGivesNothing(t *testing.T) {
	text := "2023年重点工作和民生实事项目进展情况\n\n2023年重点工作完成情况表\n\n" +
		"序号\t重点任务\t完成情况\t牵头单位\n1\t新建标准厂房20万平方米\t已完成12万平方米\t县经信局\n\n" +
		"2023年民生实事项目完成情况表\n\n序号\t完成情况\t牵头单位\n1\t已完成\t县卫健局\n"
	doc, err := loaders.LoadBytes("x.txt", []byte(text), loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs := extract.Extract(doc)
	if len(recs) != 1 || recs[0].Kind != corpus.KindKeyWork || recs[0].Progress == nil || *recs[0].Progress.CompletedValue != 120000 {
		t.Fatalf("records %+v, want the one key-work target with its progress", recs)
	}
}
