package extract_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// The scores extraction has reached on the shared annotations, with the
// default options. A change that lowers either by more than scoreSlack fails
// TestSharedScores: a rule that helps one document and hurts five is caught
// here. Raise a floor when a change raises the score.
const (
	corpusF1Floor = 0.908 // ../shared/corpus: 56 notices of 55 governments
	seedsF1Floor  = 1.000 // ../shared/eval/gold.jsonl: the sample corpus
	scoreSlack    = 0.01
)

// corpusFieldFloors are the field accuracies reached on the development
// corpus; like the F1 floor, each may fall by scoreSlack at most. The
// sample corpus holds every field at 1.000.
var corpusFieldFloors = map[string]float64{
	"unit": 0.968, "qualifier": 0.989, "lead_units": 0.901, "deadline": 0.920,
	"completed": 0.903, "rate": 0.906, "status": 0.957,
}

// sharedDir is the shared folder beside the checkout.
var sharedDir = filepath.Join("..", "..", "shared")

// TestSharedScores extracts the development corpus and the sample corpus and
// scores them against the shared annotations, as `minsheng eval` does.
func TestSharedScores(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedDir, "corpus", "gold.jsonl")); err != nil {
		t.Skip("SKIPPED LOUDLY: ../shared/corpus is not beside the checkout, so extraction is not scored on the development corpus")
	}
	seedFields := map[string]float64{}
	for name := range corpusFieldFloors {
		seedFields[name] = 1.000
	}
	tests := []struct {
		name, gold, dir string
		floor           float64
		fields          map[string]float64
	}{
		{"development corpus", filepath.Join(sharedDir, "corpus", "gold.jsonl"), filepath.Join(sharedDir, "corpus"), corpusF1Floor, corpusFieldFloors},
		{"sample corpus", filepath.Join(sharedDir, "eval", "gold.jsonl"), filepath.Join("..", "testdata", "seeds"), seedsF1Floor, seedFields},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := scoreDir(t, tt.gold, tt.dir)
			var buf bytes.Buffer
			extract.WriteScore(&buf, s, true)
			t.Logf("%s:\n%s", tt.dir, buf.String())
			if s.F1 < tt.floor-scoreSlack {
				t.Errorf("F1 %.3f on %s, below the %.3f reached before (less %.2f)", s.F1, tt.dir, tt.floor, scoreSlack)
			}
			seen := map[string]bool{}
			for _, f := range s.Fields {
				seen[f.Name] = true
				if floor, ok := tt.fields[f.Name]; ok && f.Accuracy < floor-scoreSlack {
					t.Errorf("%s accuracy %.3f on %s, below the %.3f reached before (less %.2f)", f.Name, f.Accuracy, tt.dir, floor, scoreSlack)
				}
			}
			for name := range tt.fields {
				if !seen[name] {
					t.Errorf("%s: no %s accuracy scored", tt.dir, name)
				}
			}
			for _, d := range s.Docs {
				if d.Pred == 0 {
					t.Logf("%s gives no record", d.Doc)
				}
			}
		})
	}
}

// scoreDir extracts every notice of dir with the default options and scores
// the records against the annotations in goldPath.
func scoreDir(t *testing.T, goldPath, dir string) extract.Score {
	t.Helper()
	f, err := os.Open(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := extract.ReadGold(f, goldPath)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	return extract.Evaluate(gold, dirRecords(t, dir))
}

// dirRecords extracts every notice of dir with the default options.
func dirRecords(t *testing.T, dir string) []corpus.Record {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var recs []corpus.Record
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".txt") || strings.HasSuffix(name, ".md")) || strings.EqualFold(name, "README.md") {
			continue
		}
		doc, err := loaders.Load(filepath.Join(dir, name), loaders.Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		recs = append(recs, extract.Extract(doc)...)
	}
	return recs
}

// TestEvaluateMatchesScorePyOnCorpus holds Evaluate to the shared score.py on
// the development corpus, whose annotations use the genre's whole
// vocabulary of status.
func TestEvaluateMatchesScorePyOnCorpus(t *testing.T) {
	script := filepath.Join(sharedDir, "eval", "score.py")
	goldPath := filepath.Join(sharedDir, "corpus", "gold.jsonl")
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	if _, err := os.Stat(goldPath); err != nil {
		t.Skip("SKIPPED LOUDLY: ../shared/corpus is not beside the checkout")
	}
	recs := dirRecords(t, filepath.Join(sharedDir, "corpus"))
	pred := filepath.Join(t.TempDir(), "pred.jsonl")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range recs {
		enc.Encode(recs[i].Normalized())
	}
	if err := os.WriteFile(pred, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, script, goldPath, pred, "--per-doc").Output()
	if err != nil {
		t.Fatalf("score.py: %v", err)
	}
	f, err := os.Open(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := extract.ReadGold(f, goldPath)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	extract.WriteScore(&got, extract.Evaluate(gold, recs), true)
	if strings.TrimSpace(got.String()) != strings.TrimSpace(string(out)) {
		t.Fatalf("Evaluate:\n%s\nscore.py:\n%s", got.String(), out)
	}
}
