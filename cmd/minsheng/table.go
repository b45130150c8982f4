package main

import (
	"bufio"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// maxCellWidth bounds a column of the aligned table, in terminal cells; longer
// text is cut with an ellipsis so that rows stay on one line.
const maxCellWidth = 36

// writeTable prints rows as an aligned table. Widths are measured in terminal
// cells (East Asian wide characters count two), so Chinese text lines up.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	cond := runewidth.NewCondition()
	cond.EastAsianWidth = true
	clean := func(s string) string {
		s = strings.Join(strings.Fields(s), " ")
		if cond.StringWidth(s) > maxCellWidth {
			s = cond.Truncate(s, maxCellWidth, "…")
		}
		return s
	}
	widths := make([]int, len(header))
	all := append([][]string{header}, rows...)
	for _, r := range all {
		for i := range header {
			if i < len(r) {
				r[i] = clean(r[i])
				widths[i] = max(widths[i], cond.StringWidth(r[i]))
			}
		}
	}
	bw := bufio.NewWriter(w)
	line := func(r []string) {
		for i := range header {
			cell := ""
			if i < len(r) {
				cell = r[i]
			}
			if i == len(header)-1 {
				bw.WriteString(cell)
				break
			}
			bw.WriteString(cond.FillRight(cell, widths[i]))
			bw.WriteString("  ")
		}
		bw.WriteString("\n")
	}
	line(all[0])
	sep := make([]string, len(header))
	for i, wd := range widths {
		sep[i] = strings.Repeat("-", wd)
	}
	line(sep)
	for _, r := range all[1:] {
		line(r)
	}
	return bw.Flush()
}
