package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/minsheng/minsheng/corpus"
)

func init() { structuredReaders[FormatXLSX] = readXLSX }

// Limits on what a workbook may decompress to; a zip bomb is a TooLarge error.
const (
	xlsxUnzipLimit    = 256 << 20
	xlsxUnzipXMLLimit = 64 << 20
	// xlsxMaxCells bounds the cells read from one workbook.
	xlsxMaxCells = 4 << 20
)

// ErrUnzipTooLarge is wrapped by the TooLarge error of an archive that
// decompresses to more than the readers allow.
var ErrUnzipTooLarge = errors.New("loaders: archive decompresses to more than the size limit")

// readXLSX reads a workbook: each sheet with content is one table. Its
// caption is a title row merged across the table above the header, else the
// sheet name. Merged cells are kept once at their anchor with their spans;
// numbers are read from the raw cell value, not the display string. A cell's
// Span.Page is the sheet (from 1) and Span.Line its spreadsheet row.
func readXLSX(name string, raw []byte, doc *corpus.Document) (err error) {
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxUnzipXMLLimit})
	if err != nil {
		return officeError(name, "xlsx", err)
	}
	defer f.Close()
	doc.Info.Charset = "utf-8"
	b := &builder{}
	budget := xlsxMaxCells
	for si, sheet := range f.GetSheetList() {
		t, title, err := readSheet(f, sheet, si+1, &budget)
		if err != nil {
			return officeError(name, "xlsx", fmt.Errorf("sheet %q: %w", sheet, err))
		}
		if t == nil {
			continue
		}
		caption := sheet
		if title != nil {
			caption = title.Text
			b.add(piece{kind: pieceHeading, level: 1, text: title.Text, span: title.Span})
		}
		b.add(piece{kind: pieceTable, table: t, caption: caption, span: corpus.Span{Page: si + 1, Line: tableFirstLine(t)}})
	}
	b.finish(doc)
	if len(doc.Blocks) == 0 {
		return newError(name, Empty, fmt.Errorf("%w: no sheet has content", ErrEmpty))
	}
	return nil
}

func tableFirstLine(t *corpus.Table) int {
	if len(t.Cells) == 0 {
		return 0
	}
	return t.Cells[0].Span.Line
}

// zipError turns an error opening an Office file into a reader error: a
// decompression limit is TooLarge, anything else Malformed.
func officeError(name, format string, err error) error {
	var le *Error
	if errors.As(err, &le) {
		return le
	}
	if errors.Is(err, ErrUnzipTooLarge) || strings.Contains(err.Error(), "unzip size exceeds") {
		return newError(name, TooLarge, fmt.Errorf("%w: %v", ErrUnzipTooLarge, err))
	}
	return newError(name, Malformed, fmt.Errorf("loaders: %s: %w", format, err))
}

type xcell struct {
	row, col int // 1-based spreadsheet coordinates
	text     string
}

// readSheet reads one sheet with the streaming row iterator. It returns nil
// for a sheet without content, and the title row when one is found.
func readSheet(f *excelize.File, sheet string, page int, budget *int) (*corpus.Table, *corpus.Cell, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var cells []xcell
	r := 0
	for rows.Next() {
		r++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, err
		}
		for c, v := range cols {
			v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
			if v == "" {
				continue
			}
			if *budget--; *budget < 0 {
				return nil, nil, fmt.Errorf("%w: more than %d cells", ErrUnzipTooLarge, xlsxMaxCells)
			}
			cells = append(cells, xcell{row: r, col: c + 1, text: cellNumber(v)})
		}
	}
	if err := rows.Error(); err != nil {
		return nil, nil, err
	}
	if len(cells) == 0 {
		return nil, nil, nil
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, nil, err
	}
	type span struct{ rows, cols int }
	anchors := map[[2]int]span{}
	covered := map[[2]int]bool{}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 || (r2-r1+1)*(c2-c1+1) > 1<<16 {
			continue
		}
		if _, dup := anchors[[2]int{r1, c1}]; dup || covered[[2]int{r1, c1}] {
			continue
		}
		anchors[[2]int{r1, c1}] = span{r2 - r1 + 1, c2 - c1 + 1}
		for i := r1; i <= r2; i++ {
			for k := c1; k <= c2; k++ {
				if i != r1 || k != c1 {
					covered[[2]int{i, k}] = true
				}
			}
		}
	}
	// The table's extent: rows and columns that hold text.
	minRow, minCol, maxCol := math.MaxInt, math.MaxInt, 0
	for _, c := range cells {
		if covered[[2]int{c.row, c.col}] {
			continue
		}
		minRow, minCol = min(minRow, c.row), min(minCol, c.col)
		s := anchors[[2]int{c.row, c.col}]
		maxCol = max(maxCol, c.col+max(s.cols, 1)-1)
	}
	if minRow == math.MaxInt {
		return nil, nil, nil
	}
	// A title row: the first row holds one cell, merged across (or wider
	// than half of) the table, above more rows.
	var title *corpus.Cell
	var first []xcell
	for _, c := range cells {
		if c.row == minRow && !covered[[2]int{c.row, c.col}] {
			first = append(first, c)
		}
	}
	if len(first) == 1 && len(cells) > 1 {
		c := first[0]
		s := anchors[[2]int{c.row, c.col}]
		width := maxCol - minCol + 1
		if s.rows <= 1 && width >= 2 && (s.cols*2 >= width || (s.cols <= 1 && c.col == minCol && runeLen(c.text) <= 60)) {
			title = &corpus.Cell{Text: c.text, Span: corpus.Span{Page: page, Line: c.row}}
			minRow++
			for _, x := range cells {
				if x.row >= minRow && !covered[[2]int{x.row, x.col}] {
					minCol = min(minCol, x.col)
				}
			}
		}
	}
	t := &corpus.Table{}
	for _, c := range cells {
		if c.row < minRow || covered[[2]int{c.row, c.col}] {
			continue
		}
		cell := corpus.Cell{Row: c.row - minRow, Col: c.col - minCol, Text: c.text, Span: corpus.Span{Page: page, Line: c.row}}
		if s, ok := anchors[[2]int{c.row, c.col}]; ok {
			if s.rows > 1 {
				cell.RowSpan = s.rows
			}
			if s.cols > 1 {
				cell.ColSpan = s.cols
			}
		}
		t.AddCell(cell)
	}
	if len(t.Cells) == 0 {
		return nil, title, nil
	}
	return t, title, nil
}

// numberText prints a raw numeric cell value without float noise: rounded to
// ten significant digits and printed as short as possible ("4857.08", not
// "4857.0800000000004"). Other values are returned as they are.
func cellNumber(v string) string {
	if !strings.ContainsAny(v, ".eE") || strings.ContainsAny(v, " \n,") {
		return v
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return v
	}
	return strconv.FormatFloat(roundSignificant(x, 10), 'f', -1, 64)
}

// roundSig rounds x to n significant digits.
func roundSignificant(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	if err != nil {
		return x
	}
	return r
}
