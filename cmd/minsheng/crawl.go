package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/minsheng/minsheng/corpus/store"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders/crawl"
)

// storeSink loads fetched documents the way `minsheng ingest` loads files.
type storeSink struct {
	st   *store.Store
	opts extract.Options
}

func (k storeSink) Load(ctx context.Context, d crawl.Document) (crawl.Outcome, error) {
	meta := d.Meta
	meta.Source = d.URL
	out, err, recErr := storeResult(ctx, k.st, readBytes(d.URL, d.Body, readOptions{meta: meta, extract: k.opts}))
	if err != nil {
		return 0, errors.Join(err, recErr)
	}
	switch out {
	case store.New:
		return crawl.New, nil
	case store.Replaced:
		return crawl.Changed, nil
	}
	return crawl.Unchanged, nil
}

// crawlSignals stop a crawl; its frontier is kept for the next run.
var crawlSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

func runCrawl(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	config := fs.String("config", "", "the sites to crawl: a YAML file (see examples/README.md); required")
	var sites stringList
	fs.Var(&sites, "site", "crawl only this site of the configuration (repeatable)")
	progress := fs.Bool("progress", false, "print each URL as it is done, and log at info level")
	logFormat := fs.String("log-format", "text", "log format on stderr: text or json")
	logLevel := fs.String("log-level", "warn", "least level logged: debug, info, warn or error")
	dryRun := fs.Bool("dry-run", false, "print what would be fetched (list pages are fetched to find articles; what robots.txt disallows is marked skipped); write nothing, not even the store")
	allowPrivate := fs.Bool("allow-private", false, "permit loopback and private addresses (also the allow_private key)")
	full := fs.Bool("full", false, "read list pages up to max_pages even past pages that list nothing new")
	var keep extract.Options
	extractFlags(fs, &keep)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng crawl --config FILE [flags]

Finds new notices on the government sites of the configuration, fetches them
and the files they attach (PDF, XLS, XLSX, DOC, DOCX), and loads what is new
into the store the way 'minsheng ingest' does: an attachment is a document of
its own, with its article's title, date and the site's region.

Fetching is polite: robots.txt is honoured, every host has a rate and a
concurrency limit, 5xx, 429 and timeouts are retried with backoff, and an
unchanged page costs a 304. The crawl's state is in the store: a crawl that is
killed resumes where it stopped, and a second crawl on the same store is
refused while one runs; the lock of a crawl whose process is gone from this
host is taken over at once, with a warning. Quiet by default, for cron: one summary line on
stdout (new, changed, unchanged, failed), warnings and errors on stderr.

Exit codes: 0 ok, 1 some URLs failed (logged on stderr; the rest were done),
2 nothing could be done (bad configuration, store, lock held, every fetch
failed, every URL refused by robots.txt, the allowed hosts or the address
policy: a site on a loopback or private address needs --allow-private) or a
usage error.

Examples:
  minsheng crawl --config examples/county-site.yaml --dry-run
  minsheng crawl --config /etc/minsheng/sites.yaml --db sqlite:/var/lib/minsheng/minsheng.db
  minsheng crawl --config sites.yaml --site yuhuan --progress

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if *config == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "minsheng crawl: give --config FILE and no arguments (try 'minsheng crawl --help')")
		return exitFailed
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(stderr, "minsheng crawl: --log-level %q: want debug, info, warn or error\n", *logLevel)
		return exitFailed
	}
	if *progress && level > slog.LevelInfo {
		level = slog.LevelInfo
	}
	w := &lockedWriter{w: stderr}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch *logFormat {
	case "text":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		fmt.Fprintf(stderr, "minsheng crawl: --log-format %q: want text or json\n", *logFormat)
		return exitFailed
	}
	log := slog.New(h)

	cfg, err := crawl.LoadConfig(*config)
	if err != nil {
		log.Error("bad configuration", "err", err)
		return exitFailed
	}
	if *allowPrivate {
		cfg.AllowPrivate = true
	}
	ctx, stop := signal.NotifyContext(context.Background(), crawlSignals...)
	defer stop()
	if *dryRun {
		// A dry run writes nothing: it reads the crawl state of a store
		// that exists, and starts from none when it does not.
		var state crawl.State = noCrawlState{}
		ro, err := store.OpenReadOnly(ctx, dsnOr(*db))
		switch {
		case err == nil:
			defer ro.Close()
			state = ro
		case !errors.Is(err, store.ErrNoStore):
			log.Error("opening the store", "err", err)
			return exitFailed
		}
		c := &crawl.Crawler{Config: cfg, State: state, Log: log, Sites: sites, Full: *full}
		if err := c.DryRun(ctx, stdout); err != nil {
			log.Error("dry run", "err", err)
			return exitFailed
		}
		return exitOK
	}
	st, err := store.Open(ctx, dsnOr(*db))
	if err != nil {
		log.Error("opening the store", "err", err)
		return exitFailed
	}
	defer st.Close()

	c := &crawl.Crawler{Config: cfg, State: st, Sink: storeSink{st, keep}, Log: log, Sites: sites, Full: *full}
	if *progress {
		c.Progress = func(e crawl.Event) {
			w.printf("%-9s %-10s %s\n", e.What, e.Kind, e.URL)
		}
	}
	sum, err := c.Run(ctx)
	fmt.Fprintf(stdout, "crawl: %s\n", sum)
	ok := sum.New + sum.Changed + sum.Unchanged + sum.Lists
	switch {
	case errors.Is(err, store.ErrCrawlLocked):
		log.Error("not crawling", "err", err)
		return exitFailed
	case errors.Is(err, context.Canceled):
		log.Warn("crawl interrupted; the next crawl resumes it")
		return exitCode(ok, sum.Failed+1)
	case err != nil:
		log.Error("crawl", "err", err)
		return exitCode(ok, sum.Failed+1)
	}
	if ok == 0 && sum.Failed == 0 {
		// Nothing fetched, nothing failed: every URL was refused.
		msg := "nothing crawled: every URL was refused by robots.txt, the allowed hosts or the address policy"
		if !cfg.AllowPrivate {
			msg += "; a site on a private or loopback address needs --allow-private (or allow_private: true)"
		}
		log.Error(msg, "skipped", sum.Skipped)
		return exitFailed
	}
	if sum.Failed == 0 {
		return exitOK
	}
	return exitCode(ok, sum.Failed)
}

// noCrawlState is the crawl state of a store that does not exist yet, for a
// dry run: empty, and refusing every write.
type noCrawlState struct{}

var errDryRunWrites = errors.New("a dry run writes nothing")

func (noCrawlState) LockCrawl(context.Context, store.CrawlLock, time.Duration) (*store.CrawlLock, error) {
	return nil, errDryRunWrites
}
func (noCrawlState) HeartbeatCrawl(context.Context, string) error { return errDryRunWrites }
func (noCrawlState) UnlockCrawl(context.Context, string) error    { return errDryRunWrites }
func (noCrawlState) CrawlSiteState(_ context.Context, site string) (store.CrawlSite, error) {
	return store.CrawlSite{Site: site}, nil
}
func (noCrawlState) StartCrawlRun(context.Context, string, string, []store.CrawlEntry) error {
	return errDryRunWrites
}
func (noCrawlState) FinishCrawlRun(context.Context, string, string, string) error {
	return errDryRunWrites
}
func (noCrawlState) CrawlPending(context.Context, string, int) ([]store.CrawlEntry, error) {
	return nil, nil
}
func (noCrawlState) CrawlSeenURL(context.Context, string) (store.CrawlSeen, bool, error) {
	return store.CrawlSeen{}, false, nil
}
func (noCrawlState) CrawlSeenURLs(context.Context, string, string) ([]store.CrawlSeen, error) {
	return nil, nil
}
func (noCrawlState) CrawlDone(context.Context, store.CrawlResult) error { return errDryRunWrites }
func (noCrawlState) PauseCrawlHost(context.Context, string, time.Time, string) error {
	return errDryRunWrites
}
func (noCrawlState) CrawlHostPauses(context.Context, time.Time) (map[string]time.Time, error) {
	return nil, nil
}

// lockedWriter lets log lines and progress lines from several goroutines
// share stderr.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format, args...)
}
