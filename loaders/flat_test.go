package loaders

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFlattenedTables reads each shape document in testdata/flat (a table
// flattened into text as web pages and converters print it) and compares the
// table it rebuilds with NAME.grid: a first line "header=N", then one line a
// row of the grid, cells joined by "|" (a spanned cell repeats its text, a
// line break inside a cell is written \n).
func TestFlattenedTables(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "flat", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no shape documents: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".grid")
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimRight(string(want), "\n"), "\n")
			heads, err := strconv.Atoi(strings.TrimPrefix(lines[0], "header="))
			if err != nil {
				t.Fatalf("first line of the grid: %q", lines[0])
			}
			var grid [][]string
			for _, l := range lines[1:] {
				grid = append(grid, strings.Split(strings.ReplaceAll(l, `\n`, "\n"), "|"))
			}
			doc := loadString(t, string(src))
			checkDoc(t, doc)
			tb := onlyTable(t, doc)
			if tb.HeaderRows != heads {
				t.Errorf("header rows %d, want %d", tb.HeaderRows, heads)
			}
			checkGrid(t, tb, grid)
			for _, c := range tb.Cells {
				if c.Span.Line < 1 || c.Span.Line > strings.Count(string(src), "\n")+1 {
					t.Errorf("cell %d,%d without its line: %+v", c.Row, c.Col, c)
				}
			}
		})
	}
}
