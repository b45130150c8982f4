package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/minsheng/minsheng/corpus"
)

func runExtract(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "jsonl", "output format: jsonl (the canonical record, one a line), csv or table")
	var opts readOptions
	readFlags(fs, &opts)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng extract [flags] PATH...

Prints the canonical target records (see the README's schema) of every file,
and of every file under every folder, given. No store is needed. A file that
cannot be read, and one that gives no record, is reported on stderr with the
reason and the run goes on. Under folders, hidden files, Office lock files,
Thumbs.db and files of formats that hold no notice (.go, .sh, images,
archives) are skipped and counted; symlinked folders are followed. A progress
bar shows on a terminal; Ctrl-C stops reading and prints what was done.
Metadata a text lacks is read from a sidecar FILE.meta.json or from the flags.

Examples:
  minsheng extract testdata/seeds/yuhuan-2021-q3-bulletin.txt
  minsheng extract --format table testdata/seeds/
  minsheng extract --year 2020 --city 杭州市 --province 浙江省 hangzhou.txt

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "minsheng extract: no PATH given (try 'minsheng extract --help')")
		return exitFailed
	}
	var emit func([]corpus.Record) error
	var flush func() error
	switch *format {
	case "jsonl", "json":
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		emit = func(recs []corpus.Record) error {
			for i := range recs {
				if err := enc.Encode(recs[i].Normalized()); err != nil {
					return err
				}
			}
			return nil
		}
	case "csv":
		w := csv.NewWriter(stdout)
		_ = w.Write(csvHeader)
		emit = func(recs []corpus.Record) error {
			for i := range recs {
				if err := w.Write(csvRow(&recs[i])); err != nil {
					return err
				}
			}
			return nil
		}
		flush = func() error { w.Flush(); return w.Error() }
	case "table":
		var rows [][]string
		emit = func(recs []corpus.Record) error {
			for i := range recs {
				rows = append(rows, tableRow(&recs[i]))
			}
			return nil
		}
		flush = func() error {
			return writeTable(stdout, []string{"source", "item", "name", "metric", "target", "unit", "qualifier", "lead units", "deadline", "completed", "rate %", "status", "flags"}, rows)
		}
	default:
		fmt.Fprintf(stderr, "minsheng extract: unknown --format %q (jsonl, csv or table)\n", *format)
		return exitFailed
	}
	if err := checkMeta(opts.meta); err != nil {
		fmt.Fprintf(stderr, "minsheng extract: %v\n", err)
		return exitFailed
	}
	ctx, stop := interruptible()
	defer stop()
	ok, failed, empty := 0, 0, 0
	var writeErr error
	bs := readBatch(ctx, "extract", fs.Args(), opts, stderr, func(r docResult, w *progress) {
		if r.err != nil {
			failed++
			fmt.Fprintf(w, "minsheng extract: %v\n", r.err)
			return
		}
		ok++
		if len(r.recs) == 0 {
			empty++
			fmt.Fprintf(w, "minsheng extract: %s: no target records found\n", r.path)
		}
		if writeErr == nil {
			writeErr = emit(r.recs)
		}
	})
	if flush != nil && writeErr == nil {
		writeErr = flush()
	}
	if writeErr != nil {
		fmt.Fprintf(stderr, "minsheng extract: writing output: %v\n", writeErr)
		return exitFailed
	}
	if failed > 0 || empty > 0 || bs.unread > 0 || bs.skipped.SkippedTotal() > 0 {
		msg := fmt.Sprintf("%d documents read, %d failed, %d without records", ok, failed, empty)
		if sk := bs.skipped.SkippedSummary(); sk != "" {
			msg += "; " + sk
		}
		if bs.unread > 0 {
			msg += fmt.Sprintf("; interrupted: %d files not read", bs.unread)
		}
		fmt.Fprintf(stderr, "minsheng extract: %s\n", msg)
	}
	if bs.unread > 0 && ok > 0 {
		return exitPartial
	}
	return exitCode(ok, failed)
}

func usageExit(err error) int {
	if err == flag.ErrHelp {
		return exitOK
	}
	return exitFailed
}

var csvHeader = []string{"source", "sha256", "doc_kind", "year", "province", "city", "county", "section", "kind", "item_no", "name", "metric",
	"target_value", "unit", "qualifier", "target_raw", "lead_units", "support_units", "deadline_raw", "deadline",
	"completed_value", "rate_pct", "status", "as_of", "budget_wan", "breakdown", "flags", "page", "table", "row", "col", "line",
	"budget_sources"}

// csvRow is a record as a CSV row; province, city and county are the
// record's own government (a district's list in a city's notice), else its
// document's.
func csvRow(r *corpus.Record) []string {
	bd, _ := json.Marshal(r.Breakdown)
	region := r.Doc.Region
	if r.Region != nil {
		region = *r.Region
	}
	row := []string{r.Doc.Source, r.Doc.SHA256, r.Doc.Kind, intStr(r.Doc.Year), str(region.Province), str(region.City), str(region.County),
		str(r.Section), r.Kind, str(r.ItemNo), r.Name, str(r.Metric),
		num(r.Target.Value), str(r.Target.Unit), str(r.Target.Qualifier), r.Target.Raw,
		strings.Join(r.LeadUnits, "、"), strings.Join(r.SupportUnits, "、")}
	if r.Deadline != nil {
		row = append(row, r.Deadline.Raw, str(r.Deadline.Date))
	} else {
		row = append(row, "", "")
	}
	if p := r.Progress; p != nil {
		row = append(row, num(p.CompletedValue), num(p.RatePct), str(p.Status), str(p.AsOf))
	} else {
		row = append(row, "", "", "", "")
	}
	if len(r.Breakdown) == 0 {
		bd = nil
	}
	sources := ""
	if len(r.BudgetSources) > 0 {
		b, _ := json.Marshal(r.BudgetSources)
		sources = string(b)
	}
	row = append(row, num(r.BudgetWan), string(bd), strings.Join(r.Flags, " "),
		intStr(r.Provenance.Page), intStr(r.Provenance.Table), intStr(r.Provenance.Row), intStr(r.Provenance.Col), intStr(r.Provenance.Line),
		sources)
	return row
}

func tableRow(r *corpus.Record) []string {
	dl, done, rate, status := "", "", "", ""
	if r.Deadline != nil {
		dl = r.Deadline.Raw
		if r.Deadline.Date != nil {
			dl = *r.Deadline.Date
		}
	}
	if p := r.Progress; p != nil {
		done, rate, status = num(p.CompletedValue), num(p.RatePct), str(p.Status)
	}
	src := r.Doc.Source
	if i := strings.LastIndexAny(src, `/\`); i >= 0 {
		src = src[i+1:]
	}
	return []string{src, str(r.ItemNo), r.Name, str(r.Metric), num(r.Target.Value), str(r.Target.Unit), str(r.Target.Qualifier),
		strings.Join(r.LeadUnits, "、"), dl, done, rate, status, strings.Join(r.Flags, " ")}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func intStr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}
