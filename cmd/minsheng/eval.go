package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
)

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	goldPath := fs.String("gold", "", "gold annotations, one JSON object a line (the shared gold.jsonl format); required")
	recordsPath := fs.String("records", "", "score these records (JSONL, as extract prints them) instead of extracting PATHs")
	perDoc := fs.Bool("per-doc", false, "print a line per annotated document")
	misses := fs.Int("show-misses", 0, "print up to N gold targets that found no pair")
	extras := fs.Int("show-extra", 0, "print up to N records that paired with no gold target")
	minF1 := fs.Float64("min-f1", 0, "exit 1 when F1 is below this")
	var opts extract.Options
	extractFlags(fs, &opts)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng eval --gold FILE [flags] PATH...

Extracts the documents under PATH and scores the records against hand-made
annotations: target precision, recall and F1 (a gold target pairs with a record
of equal value and alike name), and the accuracy of unit, qualifier, lead
units, deadline, completed value, rate and status over the pairs. A record
belongs to an annotated document when its source's file name is the gold
"doc" name or starts with its stem. The figures are those of the shared
evaluation script score.py.

Examples:
  minsheng eval --gold ../shared/eval/gold.jsonl --per-doc testdata/seeds
  minsheng eval --gold mine.jsonl --records out.jsonl --min-f1 0.9

Exit codes: 0 scored (and F1 reached --min-f1), 1 F1 below --min-f1 or some
documents failed, 2 nothing could be scored or a usage error.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if *goldPath == "" || (fs.NArg() == 0) == (*recordsPath == "") {
		fmt.Fprintln(stderr, "minsheng eval: give --gold FILE and either PATHs or --records FILE (try 'minsheng eval --help')")
		return exitFailed
	}
	f, err := os.Open(*goldPath)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng eval: %v\n", err)
		return exitFailed
	}
	gold, err := extract.ReadGold(f, *goldPath)
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "minsheng eval: %v\n", err)
		return exitFailed
	}
	var recs []corpus.Record
	failed := 0
	if *recordsPath != "" {
		recs, err = readRecords(*recordsPath)
		if err != nil {
			fmt.Fprintf(stderr, "minsheng eval: %v\n", err)
			return exitFailed
		}
	} else {
		readAll(fs.Args(), readOptions{extract: opts}, stderr, func(r docResult) {
			if r.err != nil {
				failed++
				fmt.Fprintf(stderr, "minsheng eval: %v\n", r.err)
				return
			}
			recs = append(recs, r.recs...)
		})
	}
	s := extract.Evaluate(gold, recs)
	for _, g := range s.Misses[:min(*misses, len(s.Misses))] {
		fmt.Fprintf(stdout, "missed %s #%s %s %s %s\n", g.Doc, deref(g.ItemNo), pyNum(g.TargetValue), deref(g.Unit), truncateRunes(g.Name, 40))
	}
	for _, r := range s.Extras[:min(*extras, len(s.Extras))] {
		metric := ""
		if r.Metric != nil {
			metric = *r.Metric
		}
		fmt.Fprintf(stdout, "extra %s #%s %s %s %s | %s\n", path.Base(r.Doc.Source), deref(r.ItemNo), pyNum(r.Target.Value), deref(r.Target.Unit),
			truncateRunes(r.Name, 30), truncateRunes(metric, 30))
	}
	extract.WriteScore(stdout, s, *perDoc)
	switch {
	case s.Pred == 0 && s.Gold > 0:
		return exitFailed
	case s.F1 < *minF1 || failed > 0:
		return exitPartial
	}
	return exitOK
}

// pyNum prints a number as the shared score.py does: None for none, an
// integral value with no decimals.
func pyNum(p *float64) string {
	if p == nil {
		return "None"
	}
	return num(p)
}

func deref(p *string) string {
	if p == nil {
		return "None"
	}
	return *p
}

func truncateRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		return string(rs[:n])
	}
	return s
}

// readRecords reads canonical records, one JSON object a line.
func readRecords(path string) ([]corpus.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []corpus.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r corpus.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: not a record: %w", path, n, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}
