package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

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
}

// readOptions are what a user says about reading and extracting files.
type readOptions struct {
	meta    loaders.Meta
	extract extract.Options
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

// readAll expands paths and reads and extracts every file, several at a time,
// calling each in input order. A file that fails is passed on with its error;
// the batch goes on.
func readAll(paths []string, opts readOptions, stderr io.Writer, each func(docResult)) {
	files, errs := loaders.Expand(paths)
	for _, err := range errs {
		each(docResult{path: pathOf(err), err: err})
	}
	bar := newProgress(stderr, len(files))
	defer bar.done()

	results := make([]chan docResult, len(files))
	for i := range results {
		results[i] = make(chan docResult, 1)
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] <- readOne(files[i], opts)
			}
		}()
	}
	go func() {
		for i := range files {
			work <- i
		}
		close(work)
		wg.Wait()
	}()
	for i := range files {
		r := <-results[i]
		bar.step(files[i])
		each(r)
	}
}

func readOne(path string, opts readOptions) docResult {
	return readDoc(path, opts.extract, func() (*corpus.Document, error) { return loaders.Load(path, loaders.Options{Meta: opts.meta}) })
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

// progress draws a one-line progress bar on a terminal and nothing elsewhere.
type progress struct {
	w     io.Writer
	total int
	n     int
	on    bool
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok && total > 1 && term.IsTerminal(int(f.Fd())) {
		p.on = true
	}
	return p
}

func (p *progress) step(name string) {
	p.n++
	if !p.on {
		return
	}
	const width = 30
	filled := width * p.n / p.total
	if len(name) > 40 {
		name = "…" + name[len(name)-39:]
	}
	fmt.Fprintf(p.w, "\r\033[K%4d/%d [%s%s] %s", p.n, p.total, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), name)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
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
