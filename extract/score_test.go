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
)

func TestEvaluateSmall(t *testing.T) {
	gold := []extract.Gold{
		{Doc: "a.txt", ItemNo: corpus.Ptr("1"), Name: "新增托位300个", Metric: corpus.Ptr("新增托位"), TargetValue: corpus.Ptr(300.0),
			Unit: corpus.Ptr("个"), LeadUnits: []string{"市卫生健康局"}, CompletedValue: corpus.Ptr(548.0), Status: corpus.Ptr("完成")},
		{Doc: "a.txt", ItemNo: corpus.Ptr("2"), Name: "建设5G基站400个", Metric: corpus.Ptr("建设5G基站"), TargetValue: corpus.Ptr(400.0), Unit: corpus.Ptr("个")},
	}
	recs := []corpus.Record{
		{Doc: corpus.DocInfo{Source: "/x/a.txt"}, ItemNo: corpus.Ptr("1"), Name: "新增托位300个", Metric: corpus.Ptr("新增托位"),
			Target: corpus.Target{Value: corpus.Ptr(300.0), Unit: corpus.Ptr("个")}, LeadUnits: []string{"市卫生健康局"},
			Progress: &corpus.Progress{CompletedValue: corpus.Ptr(548.0), Status: corpus.Ptr(corpus.StatusOnTrack)}},
		{Doc: corpus.DocInfo{Source: "/x/a.txt"}, Name: "无关", Target: corpus.Target{Value: corpus.Ptr(7.0)}},
		{Doc: corpus.DocInfo{Source: "/x/other.txt"}, Name: "建设5G基站400个", Target: corpus.Target{Value: corpus.Ptr(400.0)}},
	}
	s := extract.Evaluate(gold, recs)
	if s.Gold != 2 || s.Pred != 2 || s.Pairs != 1 || s.Precision != 0.5 || s.Recall != 0.5 {
		t.Fatalf("score %+v", s)
	}
	var buf bytes.Buffer
	extract.WriteScore(&buf, s, false)
	want := "targets: P 0.500 R 0.500 F1 0.500 (gold 2, pred 2); fields: unit 1.000/1 qualifier 1.000/1 lead_units 1.000/1 completed 1.000/1 status 0.000/1\n"
	if buf.String() != want {
		t.Fatalf("got  %q\nwant %q", buf.String(), want)
	}
}

// TestEvaluateMatchesScorePy scores the sample corpus, and damaged copies of
// its records, with Evaluate and with the shared score.py, when Python and the
// script are at hand, and requires the same printout.
func TestEvaluateMatchesScorePy(t *testing.T) {
	script := filepath.Join("..", "..", "shared", "eval", "score.py")
	goldPath := filepath.Join("..", "..", "shared", "eval", "gold.jsonl")
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	if _, err := os.Stat(script); err != nil {
		t.Skip("shared score.py not beside the checkout")
	}
	gf, err := os.Open(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := extract.ReadGold(gf, goldPath)
	gf.Close()
	if err != nil {
		t.Fatal(err)
	}
	var recs []corpus.Record
	for _, name := range seeds(t) {
		recs = append(recs, seedRecords(t, name)...)
	}
	variants := map[string]func([]corpus.Record) []corpus.Record{
		"as extracted": func(r []corpus.Record) []corpus.Record { return r },
		"every third dropped": func(r []corpus.Record) []corpus.Record {
			var out []corpus.Record
			for i := range r {
				if i%3 != 0 {
					out = append(out, r[i])
				}
			}
			return out
		},
		"fields damaged": func(r []corpus.Record) []corpus.Record {
			out := make([]corpus.Record, len(r))
			for i, x := range r {
				switch i % 4 {
				case 0:
					x.Target.Unit = corpus.Ptr("件")
				case 1:
					x.LeadUnits = []string{"市某局", "市另局"}
				case 2:
					x.Progress = nil
				case 3:
					x.Deadline = nil
					x.ItemNo = nil
				}
				out[i] = x
			}
			return out
		},
	}
	for name, f := range variants {
		t.Run(name, func(t *testing.T) {
			v := f(recs)
			pred := filepath.Join(t.TempDir(), "pred.jsonl")
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			for i := range v {
				enc.Encode(v[i].Normalized())
			}
			os.WriteFile(pred, buf.Bytes(), 0o644)
			out, err := exec.Command(py, script, goldPath, pred, "--per-doc").Output()
			if err != nil {
				t.Fatalf("score.py: %v", err)
			}
			var got bytes.Buffer
			extract.WriteScore(&got, extract.Evaluate(gold, v), true)
			if strings.TrimSpace(got.String()) != strings.TrimSpace(string(out)) {
				t.Fatalf("Evaluate:\n%s\nscore.py:\n%s", got.String(), out)
			}
		})
	}
}
