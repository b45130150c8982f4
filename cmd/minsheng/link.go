package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/minsheng/minsheng/corpus/store"
)

func runLink(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	by := fs.String("by", "", "who decides (default $USER)")
	format := fs.String("format", "table", "output format of list: table, csv or jsonl")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng link list|confirm|reject [flags] [LINK_ID]

After every ingest, each target of a progress bulletin is linked to the plan
target it reports on (same region and year, alike metric, agreeing unit).
list prints the links with their confidence, the rule that made them and any
decision; confirm and reject record a person's decision about one link. A
decision is kept by the documents' content and the targets' positions, so it
survives re-ingesting; a confirmed link is the bulletin target's only link, a
rejected one is never proposed again.

Examples:
  minsheng link list
  minsheng link confirm 12 --by 王芳
  minsheng link reject 13

Flags:
`)
		fs.PrintDefaults()
	}
	// Flags may come before, between or after the action and the link id.
	var pos []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return usageExit(err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "minsheng link: give an action: list, confirm or reject (try 'minsheng link --help')")
		return exitFailed
	}
	action, pos := pos[0], pos[1:]
	ctx := context.Background()
	switch action {
	case "list":
		if len(pos) != 0 {
			fmt.Fprintln(stderr, "minsheng link list: takes no arguments")
			return exitFailed
		}
		st, err := store.OpenReadOnly(ctx, dsnOr(*db))
		if err != nil {
			fmt.Fprintf(stderr, "minsheng link: %v\n", err)
			return exitFailed
		}
		defer st.Close()
		links, err := st.Links(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "minsheng link: %v\n", err)
			return exitFailed
		}
		cols := []string{"id", "confidence", "rule", "decision", "plan", "plan item", "plan target", "report", "report item", "report target"}
		rows := make([][]any, len(links))
		for i, l := range links {
			rows[i] = []any{l.ID, l.Confidence, l.Rule, l.Decision, l.PlanDoc, l.PlanItem, l.PlanRaw, l.ProgressDoc, l.ProgressItem, l.ProgressRaw}
		}
		if err := writeRows(stdout, *format, cols, rows); err != nil {
			fmt.Fprintf(stderr, "minsheng link: %v\n", err)
			return exitFailed
		}
		return exitOK
	case "confirm", "reject":
		if len(pos) != 1 {
			fmt.Fprintf(stderr, "minsheng link %s: give one LINK_ID (try 'minsheng link --help')\n", action)
			return exitFailed
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil || id <= 0 {
			fmt.Fprintf(stderr, "minsheng link %s: %q is not a link id\n", action, pos[0])
			return exitFailed
		}
		who := *by
		if who == "" {
			who = os.Getenv("USER")
		}
		decision := store.LinkConfirmed
		if action == "reject" {
			decision = store.LinkRejected
		}
		st, err := store.Open(ctx, dsnOr(*db))
		if err != nil {
			fmt.Fprintf(stderr, "minsheng link: %v\n", err)
			return exitFailed
		}
		defer st.Close()
		if err := st.DecideLink(ctx, id, decision, who); err != nil {
			fmt.Fprintf(stderr, "minsheng link %s: %v\n", action, err)
			return exitFailed
		}
		fmt.Fprintf(stdout, "link %d %s\n", id, decision)
		return exitOK
	}
	fmt.Fprintf(stderr, "minsheng link: unknown action %q: list, confirm or reject\n", action)
	return exitFailed
}
