// Command minsheng turns Chinese local-government notices about 民生实事项目
// (livelihood practical projects) and 重点工作 (key government tasks) into a
// dataset of targets and their reported completion.
//
// Usage:
//
//	minsheng demo                      ingest the bundled sample corpus and print the report
//	minsheng extract [flags] PATH...   print target records, no store needed
//	minsheng ingest [flags] PATH...    load documents into the store
//	minsheng query [flags] SQL         run read-only SQL against the store
//	minsheng report [flags]            targets with reported completion, behind first
//	minsheng normalize FILE            print a file's repaired text
//	minsheng inspect quantities|dates  show the quantities or dates found in text
//
// Exit codes: 0 all ok, 1 some documents failed, 2 nothing could be done or a
// usage error.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes a cron job can trust.
const (
	exitOK      = 0
	exitPartial = 1
	exitFailed  = 2
)

const version = "0.1.0"

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"demo", "ingest the bundled sample corpus into the embedded store and print the report", runDemo},
		{"extract", "print canonical target records for files and folders (no store needed)", runExtract},
		{"ingest", "load documents into the store; the same document twice changes nothing", runIngest},
		{"crawl", "find, fetch and load new notices from the government sites of a configuration", runCrawl},
		{"query", "run one read-only SQL statement against the store", runQuery},
		{"report", "targets with reported completion, rate and status, behind schedule first", runReport},
		{"migrate", "create the store or bring its schema up to date", runMigrate},
		{"export", "write the store as CSV, JSON lines, an XLSX workbook or Parquet", runExport},
		{"serve", "serve the store as web pages: overview, targets, history and sources, charts", runServe},
		{"link", "list the links from bulletins' targets to plans' targets; confirm or reject one", runLink},
		{"eval", "score extracted records against hand-made annotations (precision, recall, F1, fields)", runEval},
		{"normalize", "print a file's repaired text; the repairs that fired go to stderr", runNormalize},
		{"inspect", "print the quantities or dates minsheng reads in a text, one JSON object a line", runInspect},
		{"version", "print the version", func(_ []string, stdout, _ io.Writer) int {
			fmt.Fprintln(stdout, "minsheng", version)
			return exitOK
		}},
	}
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitFailed
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "minsheng: unknown command %q\n\n", name)
	usage(stderr)
	return exitFailed
}

func usage(w io.Writer) {
	fmt.Fprint(w, `minsheng turns notices about 民生实事项目 and 重点工作 into a dataset of targets
and their reported completion.

Usage:
  minsheng <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Examples:
  minsheng demo
  minsheng extract --format table testdata/seeds/yuhuan-2021-q3-bulletin.txt
  minsheng ingest --db sqlite:minsheng.db notices/
  minsheng report --db sqlite:minsheng.db --region 玉环 --behind
  minsheng query --db sqlite:minsheng.db "SELECT name, target_value, rate_pct FROM target_progress"

The store is named by --db or $MINSHENG_DB (default: sqlite:$XDG_DATA_HOME/minsheng/minsheng.db,
else ~/.local/share/minsheng/minsheng.db).
Run 'minsheng help <command>' for a command's flags.
Exit codes: 0 all ok, 1 some documents failed, 2 nothing could be done or a usage error.
`)
}

// stringList is a flag that may be given several times.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}
