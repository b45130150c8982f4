package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/minsheng/minsheng/loaders"
	"github.com/minsheng/minsheng/normalize"
)

// runNormalize implements `minsheng normalize FILE`: prints the repaired text
// to stdout (reading raw bytes, Decode then Repair), and the repairs that
// fired with counts, the charset and why, to stderr. Exit code 0 ok, 1
// unreadable file, 2 usage error.
func runNormalize(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("normalize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	charset := fs.String("charset", "", "charset the file declares (gbk, big5, utf-8…); the bytes win over a wrong one")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng normalize [--charset LABEL] FILE

Prints the repaired text of FILE to stdout: decoded to UTF-8, pinyin glued
after characters removed, lost characters marked □, traditional characters
converted to simplified, fullwidth digits and doubled punctuation folded,
spaces inside numbers removed. Line numbers stay those of FILE. The charset
and why it was chosen, and each repair with its count, go to stderr.

Examples:
  minsheng normalize testdata/seeds/cangnan-2023-q1-progress-mojibake.txt
  minsheng normalize --charset gbk notice.txt > notice.utf8.txt

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "minsheng normalize: want exactly one FILE (try 'minsheng normalize --help')")
		return 2
	}
	name := fs.Arg(0)
	raw, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng normalize: %v\n", err)
		return 1
	}
	text, cs, reason, err := normalize.Decode(raw, *charset)
	if err != nil {
		fmt.Fprintf(stderr, "minsheng normalize: %s: %v\n", name, err)
		return 1
	}
	repaired, rep := normalize.Repair(text)
	if _, err := io.WriteString(stdout, repaired); err != nil {
		fmt.Fprintf(stderr, "minsheng normalize: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "charset: %s (%s)\n", cs, reason)
	if rep.Traditional {
		fmt.Fprintln(stderr, "traditional: converted to simplified")
	}
	names := make([]string, 0, len(rep.Repairs))
	for k := range rep.Repairs {
		names = append(names, k)
	}
	sort.Strings(names)
	if len(names) == 0 {
		fmt.Fprintln(stderr, "repairs: none")
	}
	for _, k := range names {
		fmt.Fprintf(stderr, "repair %s: %d\n", k, rep.Repairs[k])
	}
	for _, f := range rep.Flags {
		fmt.Fprintf(stderr, "flag: %s\n", f)
	}
	return 0
}

// runInspect implements `minsheng inspect quantities [TEXT|-]` and `minsheng
// inspect dates [--year N] [--published YYYY-MM-DD] [TEXT|-]`: one JSON
// object per line for each number (normalize.Numbers) or date
// (normalize.ReadDates) found. TEXT '-' or absent reads
// stdin. Input is repaired with Repair first; spans refer to the repaired text.
func runInspect(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		inspectUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	what, args := args[0], args[1:]
	if what == "blocks" {
		return inspectBlocks(args, stdout, stderr)
	}
	fs := flag.NewFlagSet("inspect "+what, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { inspectUsage(fs.Output()) }
	var year *int
	var published *string
	switch what {
	case "quantities":
	case "dates":
		year = fs.Int("year", 0, "year the dates belong to (0: unknown)")
		published = fs.String("published", "", "publication date YYYY-MM-DD: the year of dates that name none when --year is not given, and the month of 本月, 上月, 本季度")
	default:
		fmt.Fprintf(stderr, "minsheng inspect: unknown kind %q: want quantities, dates or blocks\n", what)
		inspectUsage(stderr)
		return 2
	}
	// a text that opens with a minus sign ("-22.2%") is no flag
	var texts []string
	for k, a := range args {
		if len(a) > 1 && a[0] == '-' && (a[1] >= '0' && a[1] <= '9' || a[1] == '.') {
			args, texts = args[:k], args[k:]
			break
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	positional := append(fs.Args(), texts...)
	var text string
	switch {
	case len(positional) == 0 || len(positional) == 1 && positional[0] == "-":
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			fmt.Fprintf(stderr, "minsheng inspect: reading stdin: %v\n", err)
			return 1
		}
		text = string(b)
	default:
		text = strings.Join(positional, " ")
	}
	repaired, _ := normalize.Repair(text)
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	var err error
	switch what {
	case "quantities":
		for _, q := range normalize.Numbers(repaired) {
			err = enc.Encode(newInspectQuantity(repaired, q))
			if err != nil {
				break
			}
		}
	case "dates":
		if *published != "" && !isISODate(*published) {
			fmt.Fprintf(stderr, "minsheng inspect dates: --published %q is not YYYY-MM-DD\n", *published)
			return 2
		}
		for _, d := range normalize.ReadDates(repaired, *year, *published) {
			err = enc.Encode(inspectDate{spanOf(repaired, d.Start, d.End), d.Raw, nullIfEmpty(d.ISO), nullIfEmpty(d.From), d.AsOf})
			if err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "minsheng inspect: %v\n", err)
		return 1
	}
	return 0
}

func inspectUsage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  minsheng inspect quantities [TEXT|-]
  minsheng inspect dates [--year N] [--published YYYY-MM-DD] [TEXT|-]
  minsheng inspect blocks FILE

Prints one JSON object a line for each number or date read in TEXT (or in
stdin when TEXT is '-' or absent), after the text is repaired. Spans count
runes and bytes of the repaired text, end exclusive. 'quantities' prints
every number, with its unit when one follows: value (null when the text
gives no figure, as in 几十, flagged vague), min and max of a range or a
bound (以上, 不超过), lower_open and upper_open for strict bounds (大于,
低于), fraction for 三分之一. 'dates' prints the ISO
date a deadline or as-of date allows at most (null when it cannot be
pinned), and from, the first day of a range or period; the year comes from
the text, else --year, else --published. 'blocks' prints the document model a file is read into: one
line a heading, paragraph or list item, and one line a table cell with its
row, column, spans and source line.

Examples:
  minsheng inspect quantities '新增托位7500个以上,约1.5万人'
  minsheng inspect quantities 四万五千六百二十二 -22.2% 50元6角三分
  minsheng inspect dates --year 2023 '第四季度(11月份)完成'
  minsheng inspect dates --published 2021-06-14 '15年3月2日'
  minsheng inspect dates --published 2023-04-12 - < progress.txt
  minsheng inspect blocks testdata/seeds/yuhuan-2021-q3-bulletin.txt
`)
}

// inspectBlocks prints the block model of each file.
func inspectBlocks(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "minsheng inspect blocks: no FILE given")
		return exitFailed
	}
	ok, failed := 0, 0
	for _, path := range args {
		doc, err := loaders.Load(path, loaders.Options{})
		if err != nil {
			fmt.Fprintf(stderr, "minsheng inspect: %v\n", err)
			failed++
			continue
		}
		if err := loaders.Dump(stdout, doc); err != nil {
			fmt.Fprintf(stderr, "minsheng inspect: %v\n", err)
			return exitFailed
		}
		ok++
	}
	return exitCode(ok, failed)
}

// inspectSpan is a span in runes and in bytes.
type inspectSpan struct {
	Start     int `json:"start"`
	End       int `json:"end"`
	StartByte int `json:"start_byte"`
	EndByte   int `json:"end_byte"`
}

type inspectQuantity struct {
	inspectSpan
	Raw       string   `json:"raw"`
	Value     *float64 `json:"value"`
	Min       *float64 `json:"min"`
	Max       *float64 `json:"max"`
	Unit      string   `json:"unit"`
	Qualifier string   `json:"qualifier"`
	Percent   bool     `json:"percent"`
	Missing   bool     `json:"missing"`
	Fraction  bool     `json:"fraction"`
	Vague     bool     `json:"vague"`
	LowerOpen bool     `json:"lower_open"`
	UpperOpen bool     `json:"upper_open"`
}

type inspectDate struct {
	inspectSpan
	Raw  string  `json:"raw"`
	ISO  *string `json:"iso"`  // null when the date cannot be pinned
	From *string `json:"from"` // first day of a range or period; null for one day
	AsOf bool    `json:"as_of"`
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// newInspectQuantity prints q with its bounds: min and max of a range, min
// of an at-least bound, max of an at-most one.
func newInspectQuantity(text string, q normalize.Quantity) inspectQuantity {
	iq := inspectQuantity{inspectSpan: spanOf(text, q.Start, q.End), Raw: q.Raw, Value: &q.Value, Max: q.Max,
		Unit: q.Unit, Qualifier: q.Qualifier, Percent: q.Percent, Missing: q.Missing, Fraction: q.Fraction,
		Vague: q.Vague, LowerOpen: q.LowerOpen, UpperOpen: q.UpperOpen}
	switch {
	case q.Vague:
		iq.Value = nil
	case q.Max != nil, q.Qualifier == normalize.AtLeast:
		iq.Min = &q.Value
	case q.Qualifier == normalize.AtMost:
		iq.Max = &q.Value
	}
	return iq
}

func spanOf(s string, start, end int) inspectSpan {
	rs := utf8.RuneCountInString(s[:start])
	return inspectSpan{rs, rs + utf8.RuneCountInString(s[start:end]), start, end}
}

func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
