package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/minsheng/minsheng/corpus/store"
)

func runMigrate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng migrate [flags]

Creates the store if needed and applies, in one transaction, the schema
migrations it lacks; prints each one applied and the schema version. Opening
a store for writing (ingest, demo) migrates it too; migrate does it alone, for
example before read-only users query a PostgreSQL database.

Examples:
  minsheng migrate --db sqlite:minsheng.db
  minsheng migrate --db postgres://minsheng@db.example/minsheng

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "minsheng migrate: takes no arguments (try 'minsheng migrate --help')")
		return exitFailed
	}
	applied, err := store.Migrate(context.Background(), dsnOr(*db))
	if err != nil {
		fmt.Fprintf(stderr, "minsheng migrate: %v\n", err)
		return exitFailed
	}
	for _, name := range applied {
		fmt.Fprintf(stdout, "applied %s\n", name)
	}
	fmt.Fprintf(stdout, "schema version %d (%d migrations applied now)\n", store.SchemaVersion(), len(applied))
	return exitOK
}
