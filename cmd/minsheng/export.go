package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/minsheng/minsheng/corpus/store"
)

// exportSheets are the tables and views an XLSX export holds, one sheet each:
// the public query surface of SCHEMA.md, views first.
var exportSheets = []string{
	"target_latest", "targets_behind", "targets_without_progress", "target_history",
	"completion_summary", "metric_comparison", "target_progress",
	"documents", "document_sources", "items", "targets", "progress", "target_links",
	"metric_names", "ingest_failures",
}

// defaultExportTable is what csv and parquet export without --query or --table.
const defaultExportTable = "target_latest"

// recordsQuery selects the canonical records in the order extract prints them
// for the same files: by source, then position in the document.
const recordsQuery = `SELECT t.record FROM targets t JOIN documents d ON d.id = t.document_id ORDER BY d.source, t.seq`

func runExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "csv", "csv, jsonl, xlsx or parquet")
	query := fs.String("query", "", "export the rows of this read-only SQL statement instead")
	table := fs.String("table", "", "export this table or view (csv, jsonl and parquet; default "+defaultExportTable+", or for jsonl the records)")
	out := fs.String("out", "", "write to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: minsheng export [flags]

Writes the store's data for other tools.

  csv      one table or view (default target_latest), with a header row
  jsonl    the canonical records, one a line, exactly as 'minsheng extract'
           prints them for the same files; with --query or --table, one JSON
           object a row
  xlsx     a workbook with a sheet per table and view (one sheet with --query
           or --table): header row frozen, columns as wide as their text
           (Chinese counted double), rows behind schedule highlighted
  parquet  one table or view, typed columns (BIGINT, DOUBLE, text) as the
           store declares them, the same every night, for pandas, DuckDB,
           R or Spark

Examples:
  minsheng export --format xlsx --out minsheng.xlsx
  minsheng export --format parquet --table target_history --out history.parquet
  minsheng export --format jsonl > records.jsonl
  minsheng export --format csv --query "SELECT * FROM targets_behind WHERE year = 2021"

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "minsheng export: takes no arguments; give SQL with --query (try 'minsheng export --help')")
		return exitFailed
	}
	if *query != "" && *table != "" {
		fmt.Fprintln(stderr, "minsheng export: give --query or --table, not both")
		return exitFailed
	}
	if *table != "" && !isIdentifier(*table) {
		fmt.Fprintf(stderr, "minsheng export: --table %q is not a table name\n", *table)
		return exitFailed
	}
	switch *format {
	case "csv", "jsonl", "xlsx", "parquet":
	default:
		fmt.Fprintf(stderr, "minsheng export: unknown --format %q (csv, jsonl, xlsx or parquet)\n", *format)
		return exitFailed
	}
	ctx := context.Background()
	st, err := store.OpenReadOnly(ctx, dsnOr(*db))
	if err != nil {
		fmt.Fprintf(stderr, "minsheng export: %v\n", err)
		return exitFailed
	}
	defer st.Close()

	w := stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintf(stderr, "minsheng export: %v\n", err)
			return exitFailed
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	err = export(ctx, st, bw, *format, *query, *table)
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(*out)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "minsheng export: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func export(ctx context.Context, st *store.Store, w io.Writer, format, query, table string) error {
	if format == "jsonl" && query == "" && table == "" {
		_, rows, err := st.Query(ctx, recordsQuery)
		if err != nil {
			return err
		}
		for _, r := range rows {
			s, _ := r[0].(string)
			if _, err := io.WriteString(w, s+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
	if format == "xlsx" && query == "" && table == "" {
		return writeXLSX(ctx, st, w, exportSheets)
	}
	name := "query"
	switch {
	case table != "":
		query, name = "SELECT * FROM "+table, table
	case query == "":
		query, name = "SELECT * FROM "+defaultExportTable, defaultExportTable
	}
	if format == "xlsx" {
		cols, rows, err := st.Query(ctx, query)
		if err != nil {
			return err
		}
		return writeXLSXSheets(w, []sheet{{name, cols, rows}})
	}
	cts, rows, err := st.QueryTyped(ctx, query)
	if err != nil {
		return err
	}
	cols := make([]string, len(cts))
	for i, c := range cts {
		cols[i] = c.Name
	}
	switch format {
	case "csv":
		return writeRows(w, "csv", cols, rows)
	case "jsonl":
		return writeRows(w, "jsonl", cols, rows)
	}
	return writeParquet(w, cts, rows)
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

type sheet struct {
	name string
	cols []string
	rows [][]any
}

func writeXLSX(ctx context.Context, st *store.Store, w io.Writer, tables []string) error {
	var sheets []sheet
	for _, t := range tables {
		cols, rows, err := st.Query(ctx, "SELECT * FROM "+t)
		if err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		sheets = append(sheets, sheet{t, cols, rows})
	}
	return writeXLSXSheets(w, sheets)
}

// xlsxMaxCell is the most characters an XLSX cell holds.
const xlsxMaxCell = 32767

// writeXLSXSheets writes a workbook with one sheet per s: a bold header row
// that stays in view, columns as wide as their widest text in East Asian
// width (up to 80), and rows whose behind column is 1 filled light red.
func writeXLSXSheets(w io.Writer, sheets []sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return err
	}
	behindStyle, err := f.NewStyle(&excelize.Style{
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8CBAD"}},
	})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		name := s.name
		if len(name) > 31 {
			name = name[:31]
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		widths := make([]int, len(s.cols))
		for j, c := range s.cols {
			widths[j] = runewidth.StringWidth(c)
		}
		for _, r := range s.rows {
			for j, v := range r {
				widths[j] = max(widths[j], runewidth.StringWidth(cellString(v)))
			}
		}
		for j, wd := range widths {
			if err := sw.SetColWidth(j+1, j+1, float64(min(wd, 80)+2)); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hdr := make([]any, len(s.cols))
		for j, c := range s.cols {
			hdr[j] = excelize.Cell{StyleID: header, Value: c}
		}
		if err := sw.SetRow("A1", hdr); err != nil {
			return err
		}
		behindCol := -1
		for j, c := range s.cols {
			if c == "behind" {
				behindCol = j
			}
		}
		for k, r := range s.rows {
			style := 0
			if behindCol >= 0 && r[behindCol] == int64(1) {
				style = behindStyle
			}
			vals := make([]any, len(r))
			for j, v := range r {
				if str, ok := v.(string); ok && len(str) > xlsxMaxCell {
					v = cutRunes(str, xlsxMaxCell)
				}
				vals[j] = excelize.Cell{StyleID: style, Value: v}
			}
			cell, err := excelize.CoordinatesToCellName(1, k+2)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, vals); err != nil {
				return fmt.Errorf("%s row %d: %w", s.name, k+1, err)
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// cutRunes cuts s to at most n characters.
func cutRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// writeParquet writes rows as a Parquet file. A column is typed by its
// declared type: INT64 for integers, DOUBLE for real numbers, else a UTF-8
// string, whatever the rows hold, so that a file has the same schema every
// night. A column computed by an expression, which has no declared type, is
// INT64 when its values are all integers, DOUBLE when all numbers, else a
// string; as is a declared integer column holding other values. Every column
// is optional, NULL where the store has NULL.
func writeParquet(w io.Writer, cts []store.Column, rows [][]any) error {
	cols := make([]string, len(cts))
	kinds := make([]reflect.Type, len(cts))
	for j, c := range cts {
		cols[j] = c.Name
		ints, nums, some := true, true, false
		for _, r := range rows {
			switch r[j].(type) {
			case nil:
				continue
			case int64:
			case float64:
				ints = false
			default:
				ints, nums = false, false
			}
			some = true
		}
		switch {
		case c.Kind == store.KindText:
			kinds[j] = reflect.TypeFor[*string]()
		case c.Kind == store.KindFloat && nums:
			kinds[j] = reflect.TypeFor[*float64]()
		case c.Kind == store.KindInt && ints:
			kinds[j] = reflect.TypeFor[*int64]()
		case some && ints:
			kinds[j] = reflect.TypeFor[*int64]()
		case some && nums:
			kinds[j] = reflect.TypeFor[*float64]()
		default:
			kinds[j] = reflect.TypeFor[*string]()
		}
	}
	fields := make([]reflect.StructField, len(cols))
	seen := map[string]bool{}
	for j, c := range cols {
		name := parquetName(c)
		for seen[name] {
			name += "_"
		}
		seen[name] = true
		fields[j] = reflect.StructField{
			Name: fmt.Sprintf("F%d", j),
			Type: kinds[j],
			Tag:  reflect.StructTag(fmt.Sprintf(`parquet:"%s,optional"`, name)),
		}
	}
	typ := reflect.StructOf(fields)
	schema := parquet.SchemaOf(reflect.New(typ).Interface())
	pw := parquet.NewWriter(w, schema, parquet.Compression(&parquet.Zstd))
	for _, r := range rows {
		v := reflect.New(typ)
		e := v.Elem()
		for j, x := range r {
			if x == nil {
				continue
			}
			switch kinds[j] {
			case reflect.TypeFor[*int64]():
				n := x.(int64)
				e.Field(j).Set(reflect.ValueOf(&n))
			case reflect.TypeFor[*float64]():
				var f float64
				switch y := x.(type) {
				case int64:
					f = float64(y)
				case float64:
					f = y
				}
				e.Field(j).Set(reflect.ValueOf(&f))
			default:
				s := cellString(x)
				e.Field(j).Set(reflect.ValueOf(&s))
			}
		}
		if err := pw.Write(v.Interface()); err != nil {
			return err
		}
	}
	return pw.Close()
}

// parquetName makes a column name fit a struct tag: no commas, quotes or
// spaces.
func parquetName(c string) string {
	r := strings.NewReplacer(",", "_", `"`, "_", " ", "_", "`", "_").Replace(c)
	if r == "" {
		return "column"
	}
	return r
}
