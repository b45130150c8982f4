package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/minsheng/minsheng/cmd/minsheng/web"
	"github.com/minsheng/minsheng/corpus/store"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; loopback unless you mean to share the store")
	review := fs.Bool("allow-review", false, "let visitors confirm or reject links (the store is then opened for writing)")
	by := fs.String("by", "", "who the review decisions are recorded as (default $USER)")
	timeout := fs.Duration("query-timeout", 10*time.Second, "the longest the store queries of one page may take")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng serve [flags]

Serves the store as web pages: an overview of completion per government and
year, the targets (behind schedule first, searchable, downloadable as CSV or
XLSX), each target with its history across bulletins, its links and the
source text of every figure, one metric across governments, and the documents
ingested with those that failed. Charts are drawn on the server; every asset
is in the binary. The store is opened read-only, as by query; with
--allow-review links can be confirmed or rejected, as by 'minsheng link'.
Listens on loopback unless --addr says otherwise; stop it with Ctrl-C.

Examples:
  minsheng serve
  minsheng serve --db sqlite:/var/lib/minsheng/minsheng.db --addr 127.0.0.1:9000
  minsheng serve --allow-review --by 王芳

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "minsheng serve: takes no arguments (try 'minsheng serve --help')")
		return exitFailed
	}
	ctx := context.Background()
	var (
		st  *store.Store
		err error
	)
	if *review {
		st, err = store.Open(ctx, dsnOr(*db))
	} else {
		st, err = store.OpenReadOnly(ctx, dsnOr(*db))
	}
	if err != nil {
		fmt.Fprintf(stderr, "minsheng serve: %v\n", err)
		return exitFailed
	}
	defer st.Close()
	who := *by
	if who == "" {
		who = os.Getenv("USER")
	}
	h, err := web.New(st, web.Options{
		Review:       *review,
		Reviewer:     who,
		QueryTimeout: *timeout,
		Export:       exportRows,
		Warm:         true,
		Log:          log.New(stderr, "minsheng serve: ", log.LstdFlags),
	})
	if err != nil {
		fmt.Fprintf(stderr, "minsheng serve: %v\n", err)
		return exitFailed
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng serve: %v\n", err)
		return exitFailed
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "minsheng serve: warning: listening on %s, reachable from other machines\n", ln.Addr())
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      *timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 16,
	}
	fmt.Fprintf(stdout, "minsheng serve: %s on http://%s/\n", storeName(st), ln.Addr())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err = <-done:
	case <-stop:
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "minsheng serve: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// storeName names the store in the start-up line: a SQLite file's path; a
// PostgreSQL DSN is not printed, since it may hold a password.
func storeName(st *store.Store) string {
	if p := st.Path(); p != "" {
		return "store " + p
	}
	return "PostgreSQL store"
}

// exportRows writes the rows a page shows as export does: CSV, or an XLSX
// workbook of one sheet.
func exportRows(w io.Writer, format, name string, cols []string, rows [][]any) error {
	if format == "xlsx" {
		return writeXLSXSheets(w, []sheet{{name, cols, rows}})
	}
	return writeRows(w, "csv", cols, rows)
}
