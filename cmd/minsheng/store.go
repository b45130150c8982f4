package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/minsheng/minsheng/corpus/store"
)

func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "store DSN: sqlite:PATH, a plain path, or postgres://USER@HOST/DB (default $MINSHENG_DB, else $XDG_DATA_HOME/minsheng/minsheng.db or ~/.local/share/minsheng/minsheng.db)")
}

func dsnOr(db string) string {
	if db != "" {
		return db
	}
	return store.DefaultDSN()
}

// ingestSummary counts what an ingest did.
type ingestSummary struct {
	counts    map[store.Outcome]int
	failed    []string
	noRecords int // documents stored that gave no record
	skipped   string
	unread    int // files not read because the ingest was interrupted
}

func (s ingestSummary) String() string {
	out := fmt.Sprintf("%d documents: %d new, %d unchanged, %d replaced, %d failed",
		s.counts[store.New]+s.counts[store.Unchanged]+s.counts[store.Replaced]+len(s.failed),
		s.counts[store.New], s.counts[store.Unchanged], s.counts[store.Replaced], len(s.failed))
	if s.noRecords > 0 {
		out += fmt.Sprintf(", %d without records", s.noRecords)
	}
	if s.skipped != "" {
		out += "; " + s.skipped
	}
	if s.unread > 0 {
		out += fmt.Sprintf("; interrupted: %d files not read", s.unread)
	}
	return out
}

// ingestOptions are how an ingest runs.
type ingestOptions struct {
	read readOptions
	// writers store documents at once: 1 on SQLite, which has one writer.
	writers int
}

// ingestPaths reads, extracts and stores every file under paths. A file that
// fails is recorded as failed in the store and the batch goes on. When ctx
// is done, the documents already read are stored and no other file is read.
func ingestPaths(ctx context.Context, st *store.Store, paths []string, opts ingestOptions, stderr io.Writer) ingestSummary {
	sum := ingestSummary{counts: map[store.Outcome]int{}}
	if p := st.Path(); p != "" {
		opts.read.exclude = append(opts.read.exclude, p)
	}
	// Storing goes on when the batch is interrupted: what was read is kept.
	sctx := context.WithoutCancel(ctx)
	writers := max(1, opts.writers)
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		queue = make(chan queued, writers)
	)
	store1 := func(q queued) {
		out, err, recErr := storeResult(sctx, st, q.r)
		mu.Lock()
		defer mu.Unlock()
		if err == nil {
			sum.counts[out]++
			if len(q.r.recs) == 0 && out != store.Unchanged {
				sum.noRecords++
				fmt.Fprintf(q.w, "minsheng: %s: no target records found; stored with record_count 0\n", q.r.path)
			}
			return
		}
		sum.failed = append(sum.failed, q.r.path)
		if q.r.err == nil {
			q.w.countFailure() // a failure to store; one to read is counted already
		}
		fmt.Fprintf(q.w, "minsheng: %v\n", err)
		if recErr != nil {
			fmt.Fprintf(q.w, "minsheng: %v\n", recErr)
		}
	}
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range queue {
				store1(q)
			}
		}()
	}
	bs := readBatch(ctx, "ingest", paths, opts.read, stderr, func(r docResult, w *progress) {
		if r.doc != nil {
			r.doc.Blocks = nil // only the facts and the records are stored
		}
		queue <- queued{r, w}
	})
	close(queue)
	wg.Wait()
	sum.skipped = bs.skipped.SkippedSummary()
	sum.unread = bs.unread
	return sum
}

// queued is a document waiting for a writer, and where its messages go.
type queued struct {
	r docResult
	w *progress
}

// storeResult stores what reading one document gave. A document that failed
// to read or to store is recorded in ingest_failures; err says why it
// failed, recErr why recording that failed.
func storeResult(ctx context.Context, st *store.Store, r docResult) (out store.Outcome, err, recErr error) {
	if r.err == nil {
		out, err := st.Ingest(ctx, r.doc.Info, r.recs)
		if err == nil {
			return out, nil, nil
		}
		r.err = fmt.Errorf("%s: storing: %w", r.path, err)
	}
	sha := ""
	if r.doc != nil {
		sha = r.doc.Info.SHA256
	}
	if r.path != "" {
		if err := st.RecordFailure(ctx, r.path, sha, r.err); err != nil {
			recErr = fmt.Errorf("recording the failure of %s: %w", r.path, err)
		}
	}
	return store.Failed, r.err, recErr
}

// interruptible returns a context done at the first SIGINT or SIGTERM; a
// second one stops the program at once.
func interruptible() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

func (s ingestSummary) exit() int {
	ok := s.counts[store.New] + s.counts[store.Unchanged] + s.counts[store.Replaced]
	if s.unread > 0 && ok > 0 {
		return exitPartial
	}
	return exitCode(ok, len(s.failed))
}

func runIngest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	var opts ingestOptions
	readFlags(fs, &opts.read)
	fs.IntVar(&opts.writers, "workers", 0, "documents stored at once: 1 on SQLite (one writer); on PostgreSQL default the number of CPUs")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng ingest [flags] PATH...

Loads documents (files, or every file under folders) into the store. A document
is keyed by the sha256 of its content: ingesting it again changes nothing; a
new version from the same source replaces the old one's records in one
transaction. A file that cannot be read is recorded as failed and the batch
goes on; a document that gives no record is stored, and named on stderr.
Under folders, hidden files, Office lock files (~$x.docx), Thumbs.db, the
store itself and files of formats that hold no notice (.go, .sh, images,
archives) are skipped and counted; symlinked folders are followed.

Files are read several at a time and stored as they come, a few documents
held at once whatever their number. On a terminal a progress bar shows
documents, MB/s, failures and the time left; elsewhere a line every 1000
documents. Interrupted (Ctrl-C, SIGTERM), it stores what was read and prints
the summary. The last line summarises: new, unchanged, replaced, failed,
without records, skipped.

Examples:
  minsheng ingest testdata/seeds
  minsheng ingest --db sqlite:/var/lib/minsheng/minsheng.db notices/2024/

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "minsheng ingest: no PATH given (try 'minsheng ingest --help')")
		return exitFailed
	}
	if err := checkMeta(opts.read.meta); err != nil {
		fmt.Fprintf(stderr, "minsheng ingest: %v\n", err)
		return exitFailed
	}
	if opts.writers < 0 {
		fmt.Fprintf(stderr, "minsheng ingest: --workers %d: give 1 or more\n", opts.writers)
		return exitFailed
	}
	ctx, stop := interruptible()
	defer stop()
	st, err := store.Open(ctx, dsnOr(*db))
	if err != nil {
		fmt.Fprintf(stderr, "minsheng ingest: %v\n", err)
		return exitFailed
	}
	defer st.Close()
	switch {
	case st.Engine() == "sqlite" && opts.writers > 1:
		fmt.Fprintf(stderr, "minsheng ingest: --workers %d: a SQLite store has one writer; give --workers 1, or load into PostgreSQL\n", opts.writers)
		return exitFailed
	case opts.writers == 0 && st.Engine() == "sqlite":
		opts.writers = 1
	case opts.writers == 0:
		opts.writers = runtime.GOMAXPROCS(0)
	}
	sum := ingestPaths(ctx, st, fs.Args(), opts, stderr)
	fmt.Fprintf(stdout, "ingest: %s\n", sum)
	return sum.exit()
}

func runQuery(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "table", "output format: table, csv or jsonl")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng query [flags] "SELECT …"

Runs one read-only SQL statement against the store and prints the rows. The
store is opened read-only: a statement that would write is refused. Tables:
documents, items, targets, progress, target_links, metric_names; views:
target_progress, target_latest (each target with its latest report, across
documents), targets_behind, targets_without_progress, target_history,
completion_summary, metric_comparison (see corpus/store/SCHEMA.md).

Examples:
  minsheng query "SELECT county, name, target_value, unit, rate_pct FROM target_progress WHERE behind = 1"
  minsheng query --format csv "SELECT * FROM documents"

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "minsheng query: give exactly one SQL statement, quoted (try 'minsheng query --help')")
		return exitFailed
	}
	ctx := context.Background()
	st, err := store.OpenReadOnly(ctx, dsnOr(*db))
	if err != nil {
		fmt.Fprintf(stderr, "minsheng query: %v\n", err)
		return exitFailed
	}
	defer st.Close()
	cols, rows, err := st.Query(ctx, fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "minsheng query: %v\n", err)
		return exitFailed
	}
	if err := writeRows(stdout, *format, cols, rows); err != nil {
		fmt.Fprintf(stderr, "minsheng query: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func cellString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// writeRows prints query rows as a table, CSV or JSON lines.
func writeRows(w io.Writer, format string, cols []string, rows [][]any) error {
	switch format {
	case "table":
		out := make([][]string, len(rows))
		for i, r := range rows {
			out[i] = make([]string, len(r))
			for j, v := range r {
				if x, ok := v.(float64); ok {
					// a table is read by people: two decimals (95.32); csv and
					// jsonl keep every digit
					v = math.Round(x*100) / 100
				}
				out[i][j] = cellString(v)
			}
		}
		return writeTable(w, cols, out)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write(cols)
		for _, r := range rows {
			rec := make([]string, len(r))
			for j, v := range r {
				rec[j] = cellString(v)
			}
			_ = cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	case "jsonl", "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, r := range rows {
			obj := make(map[string]any, len(cols))
			for j, c := range cols {
				obj[c] = r[j]
			}
			if err := enc.Encode(obj); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown --format %q (table, csv or jsonl)", format)
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	var f store.ReportFilter
	fs.StringVar(&f.Region, "region", "", "only this region (province, city or county; part of the name is enough: 玉环)")
	fs.IntVar(&f.Year, "year", 0, "only targets for this year")
	fs.StringVar(&f.Kind, "kind", "", "only livelihood (民生实事) or key_work (重点工作) targets")
	fs.BoolVar(&f.Behind, "behind", false, "only targets behind schedule or not completed")
	format := fs.String("format", "table", "output format: table, csv or jsonl")
	var v viewQuery
	fs.BoolVar(&v.summary, "summary", false, "print completion by region, year and kind (the completion_summary view) instead")
	fs.BoolVar(&v.noProgress, "no-progress", false, "print the targets no document has reported on (targets_without_progress) instead")
	fs.StringVar(&v.metric, "metric", "", "print this metric across regions in one unit (metric_comparison: 托位, 老旧小区改造, 加装电梯, 阳光厨房 …) instead")
	fs.Int64Var(&v.history, "history", 0, "print the reports on this target, oldest first (target_history; ids from --format jsonl or query) instead")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng report [flags]

Prints every target with its reported completion, rate and status, behind
schedule first, then by region, year and item number. --summary, --no-progress,
--metric and --history print the store's analyst views instead, filtered by
--region, --year and --kind where the view has them (see corpus/store/SCHEMA.md).

Examples:
  minsheng report --region 玉环 --year 2021
  minsheng report --kind livelihood --behind
  minsheng report --summary --year 2021
  minsheng report --metric 托位
  minsheng report --no-progress --region 杭州

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if f.Kind != "" && f.Kind != "livelihood" && f.Kind != "key_work" {
		fmt.Fprintf(stderr, "minsheng report: --kind must be livelihood or key_work, not %q\n", f.Kind)
		return exitFailed
	}
	ctx := context.Background()
	st, err := store.OpenReadOnly(ctx, dsnOr(*db))
	if err != nil {
		fmt.Fprintf(stderr, "minsheng report: %v\n", err)
		return exitFailed
	}
	defer st.Close()
	if v.set() {
		return printView(ctx, st, v, f, *format, stdout, stderr)
	}
	return printReport(ctx, st, f, *format, stdout, stderr)
}

// viewQuery is a report mode that prints one of the analyst views.
type viewQuery struct {
	summary, noProgress bool
	metric              string
	history             int64
}

func (v viewQuery) set() bool {
	return v.summary || v.noProgress || v.metric != "" || v.history != 0
}

// sql is the statement for the view, with the filters that apply to it.
func (v viewQuery) sql(f store.ReportFilter) (string, []any, error) {
	modes := 0
	for _, on := range []bool{v.summary, v.noProgress, v.metric != "", v.history != 0} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return "", nil, errors.New("give one of --summary, --no-progress, --metric and --history")
	}
	if v.history != 0 {
		return `SELECT * FROM target_history WHERE target_id = ? ORDER BY COALESCE(as_of, report_published), report_target_id`, []any{v.history}, nil
	}
	var view, order string
	var where []string
	var args []any
	switch {
	case v.summary:
		view, order = "completion_summary", "province, city, county, year, kind"
	case v.noProgress:
		view, order = "targets_without_progress", "province, city, county, year, item_id, seq"
	default:
		view, order = "metric_comparison", "province, city, county, year"
		where, args = append(where, "metric = ?"), append(args, v.metric)
	}
	if f.Region != "" {
		like := "%" + f.Region + "%"
		where = append(where, "(province LIKE ? OR city LIKE ? OR county LIKE ?)")
		args = append(args, like, like, like)
	}
	if f.Year != 0 {
		where, args = append(where, "year = ?"), append(args, f.Year)
	}
	if f.Kind != "" && view != "metric_comparison" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	q := "SELECT * FROM " + view
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q + " ORDER BY " + order, args, nil
}

func printView(ctx context.Context, st *store.Store, v viewQuery, f store.ReportFilter, format string, stdout, stderr io.Writer) int {
	q, args, err := v.sql(f)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng report: %v\n", err)
		return exitFailed
	}
	cols, rows, err := st.Query(ctx, q, args...)
	if err == nil {
		err = writeRows(stdout, format, cols, rows)
	}
	if err != nil {
		fmt.Fprintf(stderr, "minsheng report: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func printReport(ctx context.Context, st *store.Store, f store.ReportFilter, format string, stdout, stderr io.Writer) int {
	rows, err := st.Report(ctx, f)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng report: %v\n", err)
		return exitFailed
	}
	cols := []string{"region", "year", "kind", "item", "target", "value", "unit", "completed", "rate %", "status", "deadline", "lead units", "source"}
	out := make([][]any, len(rows))
	for i, r := range rows {
		name := r.Metric
		if name == "" {
			name = r.Name
		}
		var year any
		if r.Year != nil {
			year = int64(*r.Year)
		}
		status := r.Status
		if status == "" && r.Behind {
			status = "behind"
		}
		out[i] = []any{r.Region, year, r.Kind, r.ItemNo, name, fptr(r.Target), r.Unit, fptr(r.Completed), fptr(r.RatePct), status,
			r.Deadline, r.LeadUnits, filepath.Base(r.Source)}
	}
	if err := writeRows(stdout, format, cols, out); err != nil {
		fmt.Fprintf(stderr, "minsheng report: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func fptr(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// sampleCorpus is where the bundled sample documents live, relative to the
// repository root.
const sampleCorpus = "testdata/seeds"

func runDemo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	corpusDir := fs.String("corpus", sampleCorpus, "folder of sample documents")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng demo [flags]

Ingests the bundled sample corpus (five real notices under testdata/seeds) into
the embedded SQLite store and prints the targets-versus-completion report.
Run it from the repository root. Running it again changes nothing in the store.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if _, err := os.Stat(*corpusDir); err != nil {
		fmt.Fprintf(stderr, "minsheng demo: sample corpus %s not found: run from the repository root or pass --corpus DIR\n", *corpusDir)
		return exitFailed
	}
	ctx := context.Background()
	dsn := dsnOr(*db)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng demo: %v\n", err)
		return exitFailed
	}
	sum := ingestPaths(ctx, st, []string{*corpusDir}, ingestOptions{writers: 1}, stderr)
	st.Close()
	fmt.Fprintf(stdout, "ingest: %s into %s\n\n", sum, dsn)
	ro, err := store.OpenReadOnly(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng demo: %v\n", err)
		return exitFailed
	}
	defer ro.Close()
	if code := printReport(ctx, ro, store.ReportFilter{}, "table", stdout, stderr); code != exitOK {
		return code
	}
	return sum.exit()
}
