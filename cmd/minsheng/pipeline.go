package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// docResult is what reading and extracting one file gave.
type docResult struct {
	path string
	doc  *corpus.Document
	recs []corpus.Record
	err  error
	size int64 // bytes read
}

// readOptions are what a user says about reading and extracting files.
type readOptions struct {
	meta    loaders.Meta
	extract extract.Options
	// exclude are files never read: the store being loaded.
	exclude []string
}

// readFlags registers the flags that give metadata a text lacks and choose
// what extraction keeps.
func readFlags(fs *flag.FlagSet, o *readOptions) {
	metaFlags(fs, &o.meta)
	extractFlags(fs, &o.extract)
}

// extractFlags registers the flags that choose which records extraction
// keeps: --kind, and --scope, the older way of saying it.
func extractFlags(fs *flag.FlagSet, o *extract.Options) {
	fs.Var(kindFlag{&o.Kind}, "kind", "keep only the records of one kind: livelihood (民生实事) or key_work (重点工作); default both")
	fs.Var(&o.Scope, "scope", "deprecated, use --kind: 'livelihood' keeps 民生实事 projects and only the 重点工作 a document names with a status; 'all' (the default) keeps every item")
}

// kindFlag is a record kind given on the command line.
type kindFlag struct{ kind *string }

func (k kindFlag) String() string {
	if k.kind == nil {
		return ""
	}
	return *k.kind
}

func (k kindFlag) Set(s string) error {
	switch s {
	case corpus.KindLivelihood, corpus.KindKeyWork:
		*k.kind = s
		return nil
	}
	return fmt.Errorf("unknown kind %q: want livelihood or key_work", s)
}

// checkMeta validates the metadata flags.
func checkMeta(m loaders.Meta) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("--%s", strings.Replace(err.Error(), "doc kind", "doc-kind", 1))
	}
	return nil
}

// metaFlags registers the flags that give metadata a text lacks.
func metaFlags(fs *flag.FlagSet, m *loaders.Meta) {
	fs.StringVar(&m.Source, "source", "", "source URL or name recorded for the document (default: the file path)")
	fs.StringVar(&m.Title, "title", "", "document title")
	fs.StringVar(&m.DocNo, "doc-no", "", "document number (文号), e.g. 温人大办〔2022〕20号")
	fs.StringVar(&m.Issuer, "issuer", "", "issuing body")
	fs.StringVar(&m.Published, "published", "", "publish date, YYYY-MM-DD")
	fs.IntVar(&m.Year, "year", 0, "the year the targets are for")
	fs.StringVar(&m.Province, "province", "", "province of the government, e.g. 浙江省")
	fs.StringVar(&m.City, "city", "", "city of the government, e.g. 温州市")
	fs.StringVar(&m.County, "county", "", "county-level division of the government, e.g. 苍南县")
	fs.StringVar(&m.Kind, "doc-kind", "", "document kind: plan, candidates, progress, supervision, other")
}

// readAll expands paths and reads and extracts every file, several at a
// time, calling each in input order. A file that fails is passed on with its
// error; the batch goes on.
func readAll(paths []string, opts readOptions, stderr io.Writer, each func(docResult)) {
	readBatch(context.Background(), "", paths, opts, stderr, func(r docResult, _ *progress) { each(r) })
}

// batchStats is what a batch left out: files skipped and files not read.
type batchStats struct {
	skipped loaders.Listing // its Skipped and SkippedSummary
	unread  int             // files listed but not read because the batch was interrupted
}

// inFlight is how many documents a batch holds at once per worker: read
// ahead of the one being handed on, or waiting their turn. Memory is bounded
// by it, whatever the number of files.
const inFlight = 2

// readBatch lists paths and reads and extracts every file, several at a
// time, calling each in input order with a writer for messages that keeps
// clear of the progress display. At most inFlight documents per worker are
// held at once. When ctx is done no more files are started; those read are
// still handed on, and the count of the others returned.
func readBatch(ctx context.Context, label string, paths []string, opts readOptions, stderr io.Writer, each func(docResult, *progress)) batchStats {
	list := loaders.List(paths, loaders.ListOptions{Exclude: opts.exclude})
	files := list.Files
	st := batchStats{skipped: list}
	bar := newProgress(stderr, label, len(files))
	defer bar.done()
	for _, err := range list.Errs {
		bar.countFailure()
		each(docResult{path: pathOf(err), err: err}, bar)
	}

	workers := runtime.GOMAXPROCS(0)
	slots := make(chan struct{}, workers*inFlight)
	results := make(chan chan docResult, workers*inFlight)
	work := make(chan workItem)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				it.out <- readOne(files[it.i], opts)
			}
		}()
	}
	started := 0
	go func() {
		defer close(results)
		defer close(work)
		for i := range files {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if ctx.Err() != nil {
				<-slots
				return
			}
			out := make(chan docResult, 1)
			results <- out
			work <- workItem{i, out}
			started++
		}
	}()
	for out := range results {
		r := <-out
		if r.err != nil {
			bar.countFailure()
		}
		bar.step(r.size)
		each(r, bar)
		<-slots
	}
	wg.Wait()
	st.unread = len(files) - started
	return st
}

type workItem struct {
	i   int
	out chan docResult
}

func readOne(path string, opts readOptions) docResult {
	r := readDoc(path, opts.extract, func() (*corpus.Document, error) { return loaders.Load(path, loaders.Options{Meta: opts.meta}) })
	if fi, err := os.Stat(path); err == nil {
		r.size = fi.Size()
	}
	return r
}

// readBytes reads and extracts raw as the content of the document name, a
// URL for fetched documents.
func readBytes(name string, raw []byte, opts readOptions) docResult {
	return readDoc(name, opts.extract, func() (*corpus.Document, error) {
		return loaders.LoadBytes(name, raw, loaders.Options{Meta: opts.meta})
	})
}

// readDoc reads a document with load and extracts its records; a panic while
// extracting is the document's error.
func readDoc(path string, opts extract.Options, load func() (*corpus.Document, error)) (r docResult) {
	r.path = path
	defer func() {
		if p := recover(); p != nil {
			r.doc, r.recs = nil, nil
			r.err = fmt.Errorf("%s: internal error while extracting: %v", path, p)
		}
	}()
	doc, err := load()
	if err != nil {
		r.err = err
		return r
	}
	r.doc = doc
	r.recs = extract.ExtractWith(doc, opts)
	return r
}

func pathOf(err error) string {
	var le *loaders.Error
	if errors.As(err, &le) {
		return le.Path
	}
	return ""
}

// progress shows how a batch goes: on a terminal, a bar redrawn in place
// (documents, MB/s, failures, time left); elsewhere, for batches of more than
// progressEvery files, a plain line every progressEvery documents. It is the
// writer of the batch's messages, so that they do not run into the bar.
type progress struct {
	mu     sync.Mutex
	w      io.Writer
	label  string
	total  int
	n      int
	failed int
	bytes  int64
	start  time.Time
	last   time.Time // last drawn
	tty    bool
	shown  bool // the bar is on the screen
	ended  bool // the batch is read: no more drawing
	every  int  // off a terminal, a line every so many documents; 0 for none
}

// progressEvery is how often, in documents, a batch not on a terminal says
// how it goes.
var progressEvery = 1000

// minBar is the smallest batch that draws a bar.
const minBar = 5

func newProgress(w io.Writer, label string, total int) *progress {
	p := &progress{w: w, label: label, total: total, start: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = total >= minBar
	} else if total > progressEvery && label != "" {
		p.every = progressEvery
	}
	return p
}

// Write writes a message above the bar.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	n, err := p.w.Write(b)
	if p.tty && !p.ended {
		p.draw()
	}
	return n, err
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// countFailure counts a document that failed.
func (p *progress) countFailure() {
	p.mu.Lock()
	p.failed++
	p.mu.Unlock()
}

func (p *progress) step(size int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	p.bytes += size
	switch {
	case p.tty && (time.Since(p.last) >= 100*time.Millisecond || p.n == p.total):
		p.draw()
	case p.every > 0 && p.n%p.every == 0:
		fmt.Fprintf(p.w, "minsheng %s: %s\n", p.label, p.status())
	}
}

// status is "1200/20000 documents, 3 failed, 4.2 MB/s, 5m10s left".
func (p *progress) status() string {
	el := time.Since(p.start)
	s := fmt.Sprintf("%d/%d documents, %d failed", p.n, p.total, p.failed)
	if sec := el.Seconds(); sec > 0 {
		s += fmt.Sprintf(", %.1f MB/s", float64(p.bytes)/1e6/sec)
	}
	if p.n > 0 && p.n < p.total {
		left := time.Duration(float64(el) / float64(p.n) * float64(p.total-p.n))
		s += ", " + left.Round(time.Second).String() + " left"
	}
	return s
}

func (p *progress) draw() {
	const width = 24
	filled := width * p.n / max(p.total, 1)
	fmt.Fprintf(p.w, "\r\033[K[%s%s] %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.status())
	p.shown = true
	p.last = time.Now()
}

func (p *progress) done() {
	p.mu.Lock()
	p.clear()
	p.ended = true
	p.mu.Unlock()
}

// exitCode turns counts into the documented exit code.
func exitCode(ok, failed int) int {
	switch {
	case failed == 0 && ok > 0:
		return exitOK
	case ok > 0:
		return exitPartial
	}
	return exitFailed
}
