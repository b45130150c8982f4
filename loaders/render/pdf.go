package render

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/minsheng/minsheng/corpus"
)

// The PDF is what a word processor prints of the document on A4: one Type0
// font with Identity-H encoding whose CIDs are the Unicode code points of the
// BMP (a character beyond it takes a code of the surrogate range), a
// ToUnicode map that gives every code its text, and no glyphs embedded, as
// only the text is read back. Headings, paragraphs and list items are lines
// placed top to bottom: the title centered and larger, other blocks with
// their first line indented two characters, lines justified to the margins
// where a paragraph wraps. Tables are cells drawn with ruling lines, their
// wrapped lines justified too; a table goes on over pages between rows, its
// header rows printed again on each page. Pages carry their number at the
// foot.

const (
	pageW, pageH = 595.0, 842.0
	marginX      = 72.0
	marginTop    = 72.0
	marginBottom = 72.0
	textW        = pageW - 2*marginX
	bodySize     = 12.0
	titleSize    = 16.0
	tableSize    = 10.5
	cellPad      = 4.0
	leading      = 1.5  // line pitch in ems
	cellLeading  = 1.3  // line pitch in ems inside a cell
	halfWidth    = 500  // glyph width of ASCII, in thousandths of an em
	fullWidth    = 1000 // of every other character
)

// PDF renders a document as a PDF.
func PDF(doc *corpus.Document) []byte {
	w := &pdfWriter{codes: map[rune]uint16{}}
	w.newPage()
	titled := false
	for _, b := range doc.Blocks {
		switch b.Kind {
		case corpus.TableBlock:
			w.table(b.Table)
		case corpus.Heading:
			if !titled && b.Level <= 1 {
				titled = true
				w.title(b.Text)
				continue
			}
			w.paragraph(b.Text)
		default:
			w.paragraph(BlockText(b))
		}
	}
	return w.bytes()
}

type pdfWriter struct {
	pages []*bytes.Buffer // content streams
	y     float64         // the top of the free space on the current page
	codes map[rune]uint16 // the codes of characters beyond the BMP
	used  map[uint16]rune // every code shown, with its character
}

func (w *pdfWriter) page() *bytes.Buffer { return w.pages[len(w.pages)-1] }

func (w *pdfWriter) newPage() {
	w.pages = append(w.pages, &bytes.Buffer{})
	w.y = pageH - marginTop
}

// need starts a new page unless h points of height are free on this one.
func (w *pdfWriter) need(h float64) {
	if w.y-h < marginBottom && w.y < pageH-marginTop {
		w.newPage()
	}
}

// width is the advance of s at size, in points.
func width(s string, size float64) float64 {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return float64(n) * size / 1000
}

func runeWidth(r rune) int {
	if r >= 0x20 && r < 0x7F {
		return halfWidth
	}
	return fullWidth
}

// hex returns the codes of s as a hex string.
func (w *pdfWriter) hex(s string) string {
	if w.used == nil {
		w.used = map[uint16]rune{}
	}
	var b strings.Builder
	b.WriteByte('<')
	for _, r := range s {
		c := uint16(r)
		if r > 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
			if _, ok := w.codes[r]; !ok {
				w.codes[r] = uint16(0xD800 + len(w.codes))
			}
			c = w.codes[r]
		}
		w.used[c] = r
		fmt.Fprintf(&b, "%04X", c)
	}
	b.WriteByte('>')
	return b.String()
}

// show writes s with its origin at x, y; tc spreads a justified line.
func (w *pdfWriter) show(s string, x, y, size, tc float64) {
	fmt.Fprintf(w.page(), "BT /F1 %s Tf %s Tc %s %s Td %s Tj ET\n", num(size), num(tc), num(x), num(y), w.hex(s))
}

func num(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// title writes the document's title, centered.
func (w *pdfWriter) title(text string) {
	lines := wrap(text, textW, textW, titleSize)
	for i, l := range lines {
		w.need(titleSize * leading)
		w.y -= titleSize * leading
		lw := width(l, titleSize)
		x := marginX + (textW-lw)/2
		tc := 0.0
		if i < len(lines)-1 {
			// a broken title fills the width
			x = marginX
			tc = (textW - lw) / float64(utf8.RuneCountInString(l))
		}
		w.show(l, x, w.y, titleSize, tc)
	}
	w.y -= titleSize * 0.5
}

// paragraph writes a paragraph, its first line indented two characters and
// its full lines justified.
func (w *pdfWriter) paragraph(text string) {
	indent := 2 * bodySize
	lines := wrap(text, textW-indent, textW, bodySize)
	for i, l := range lines {
		w.need(bodySize * leading)
		w.y -= bodySize * leading
		x, avail := marginX, textW
		if i == 0 {
			x, avail = marginX+indent, textW-indent
		}
		tc := 0.0
		if i < len(lines)-1 {
			tc = (avail - width(l, bodySize)) / float64(utf8.RuneCountInString(l))
		}
		w.show(l, x, w.y, bodySize, tc)
	}
}

// wrap breaks text into lines no wider than first (the first line) and rest
// (the others) at size. A line breaks between characters, not inside a
// Latin word or number nor next to a space between Han characters, and not
// before what would read as a new numbered item.
func wrap(text string, first, rest, size float64) []string {
	rs := []rune(text)
	var lines []string
	avail := first
	for len(rs) > 0 {
		n, wd := 0, 0.0
		for n < len(rs) && wd+float64(runeWidth(rs[n]))*size/1000 <= avail+0.001 {
			wd += float64(runeWidth(rs[n])) * size / 1000
			n++
		}
		if n == len(rs) {
			lines = append(lines, strings.TrimSpace(string(rs)))
			break
		}
		cut := n
		for cut > 0 && !canBreak(rs, cut) {
			cut--
		}
		if cut == 0 {
			cut = max(n, 1) // no place to break: break where the line is full
		}
		lines = append(lines, strings.TrimSpace(string(rs[:cut])))
		rs = []rune(strings.TrimLeft(string(rs[cut:]), " "))
		avail = rest
	}
	return lines
}

// canBreak reports whether a line may break before rs[i].
func canBreak(rs []rune, i int) bool {
	a, b := rs[i-1], rs[i]
	if isASCIIAlnum(a) && isASCIIAlnum(b) {
		return false
	}
	if b == ' ' {
		return false
	}
	if a == ' ' {
		// a space between Latin words: the reader puts it back, though
		// not between figures, which it takes for a number cut in two
		return i >= 2 && isASCIIAlnum(rs[i-2]) && isASCIIAlnum(b) && !(unicode.IsDigit(rs[i-2]) && unicode.IsDigit(b))
	}
	if unicode.IsDigit(a) && (b == '.' || b == '%') || a == '.' && unicode.IsDigit(b) {
		return false
	}
	// a line that ends a sentence followed by one that opens with a number
	// reads as a new item
	if strings.ContainsRune("。;；！!)）?？”\"」》:：", a) && (unicode.IsDigit(b) || strings.ContainsRune("(（①②③④⑤⑥⑦⑧⑨⑩一二三四五六七八九十第-*+•", b)) {
		return false
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// ---- tables ------------------------------------------------------------------

// table draws a table: column widths by the length of their texts, cells
// with their borders and their wrapped lines justified, rows going on to the next page where the page ends
// (between rows that no merged cell joins).
func (w *pdfWriter) table(t *corpus.Table) {
	if t.Rows == 0 || t.Cols == 0 {
		return
	}
	cols := columnWidths(t)
	xs := make([]float64, t.Cols+1)
	xs[0] = marginX
	for c, cw := range cols {
		xs[c+1] = xs[c] + cw
	}
	// the lines of each anchor cell and the height of each row
	var cells []pdfCell
	heights := make([]float64, t.Rows)
	for r := range heights {
		heights[r] = tableSize*cellLeading + 2*cellPad
	}
	pitch := tableSize * cellLeading
	for _, c := range t.Cells {
		cw := xs[min(c.Col+max(c.ColSpan, 1), t.Cols)] - xs[c.Col] - 2*cellPad
		var lines []string
		var full []bool
		for part := range strings.SplitSeq(c.Text, "\n") {
			if part = strings.TrimSpace(part); part != "" {
				ls := wrap(part, cw, cw, tableSize)
				lines = append(lines, ls...)
				for k := range ls {
					full = append(full, k < len(ls)-1)
				}
			}
		}
		cells = append(cells, pdfCell{c, lines, full, cw})
		if max(c.RowSpan, 1) == 1 {
			heights[c.Row] = max(heights[c.Row], float64(len(lines))*pitch+2*cellPad)
		}
	}
	for _, pc := range cells {
		c := pc.cell
		if rs := max(c.RowSpan, 1); rs > 1 {
			last := min(c.Row+rs, t.Rows) - 1
			h := 0.0
			for r := c.Row; r <= last; r++ {
				h += heights[r]
			}
			if need := float64(len(pc.lines))*pitch + 2*cellPad; need > h {
				heights[last] += need - h
			}
		}
	}
	// the rows a page may end after: no merged cell goes on below them
	joined := make([]bool, t.Rows)
	for _, c := range t.Cells {
		for r := c.Row; r < min(c.Row+max(c.RowSpan, 1), t.Rows)-1; r++ {
			joined[r] = true
		}
	}
	// the header rows, repeated at the top of every page the table goes on
	// to, as Word prints rows marked to repeat; a header merged into the
	// rows below it is not repeated
	header := min(t.HeaderRows, t.Rows)
	if header > 0 && (joined[header-1] || header == t.Rows) {
		header = 0
	}
	headerH := 0.0
	for r := 0; r < header; r++ {
		headerH += heights[r]
	}
	covered := map[[2]int]bool{}
	for _, pc := range cells {
		c := pc.cell
		for r := c.Row; r < c.Row+max(c.RowSpan, 1); r++ {
			for k := c.Col; k < c.Col+max(c.ColSpan, 1); k++ {
				covered[[2]int{r, k}] = true
			}
		}
	}
	// cut the rows into runs kept on one page
	w.y -= bodySize * 0.5
	for from := 0; from < t.Rows; {
		var rows []int // the rows drawn on this page, top to bottom
		h := 0.0
		if from > 0 && from >= header {
			for r := 0; r < header; r++ {
				rows = append(rows, r)
			}
			h = headerH
		}
		to := from // rows from..to-1 go on this page
		for to < t.Rows {
			// the group of rows that must stay together
			end := to
			gh := heights[end]
			for end < t.Rows-1 && joined[end] {
				end++
				gh += heights[end]
			}
			if w.y-h-gh < marginBottom && (to > from || w.y < pageH-marginTop) {
				break
			}
			h += gh
			to = end + 1
		}
		if to == from {
			w.newPage()
			continue
		}
		for r := from; r < to; r++ {
			rows = append(rows, r)
		}
		w.drawRows(rows, cells, xs, heights, covered, t.Cols, pitch)
		from = to
		if from < t.Rows {
			w.newPage()
		}
	}
	w.y -= bodySize * 0.5
}

// pdfCell is a cell of a table with its text wrapped to its width.
type pdfCell struct {
	cell  corpus.Cell
	lines []string
	full  []bool // the line wraps on: it is justified to the cell's width
	width float64
}

// drawRows draws the rows of a table, top to bottom from the top of the free
// space: xs are the column boundaries, covered the positions a cell covers.
func (w *pdfWriter) drawRows(rows []int, cells []pdfCell, xs, heights []float64, covered map[[2]int]bool, cols int, pitch float64) {
	top := map[int]float64{}
	y := w.y
	for _, r := range rows {
		top[r] = y
		y -= heights[r]
	}
	pg := w.page()
	pg.WriteString("0.5 w\n")
	for _, pc := range cells {
		c := pc.cell
		y1, ok := top[c.Row]
		if !ok {
			continue
		}
		last := c.Row
		for r := c.Row + 1; r < c.Row+max(c.RowSpan, 1); r++ {
			if _, ok := top[r]; ok {
				last = r
			}
		}
		y0 := top[last] - heights[last]
		x0, x1 := xs[c.Col], xs[min(c.Col+max(c.ColSpan, 1), cols)]
		fmt.Fprintf(pg, "%s %s %s %s re S\n", num(x0), num(y0), num(x1-x0), num(y1-y0))
		for k, l := range pc.lines {
			tc := 0.0
			if pc.full[k] {
				tc = (pc.width - width(l, tableSize)) / float64(utf8.RuneCountInString(l))
			}
			w.show(l, x0+cellPad, y1-cellPad-float64(k+1)*pitch+0.25*tableSize, tableSize, tc)
		}
	}
	// the positions no cell covers are drawn empty
	for _, r := range rows {
		for c := 0; c < cols; c++ {
			if !covered[[2]int{r, c}] {
				fmt.Fprintf(pg, "%s %s %s %s re S\n", num(xs[c]), num(top[r]-heights[r]), num(xs[c+1]-xs[c]), num(heights[r]))
			}
		}
	}
	w.y = y
}

// columnWidths shares the text width among the columns by the widest line
// of each column's cells, each at least three characters wide.
func columnWidths(t *corpus.Table) []float64 {
	natural := make([]float64, t.Cols)
	for c := range natural {
		natural[c] = 3*tableSize + 2*cellPad
	}
	for _, c := range t.Cells {
		if max(c.ColSpan, 1) > 1 {
			continue
		}
		for part := range strings.SplitSeq(c.Text, "\n") {
			natural[c.Col] = max(natural[c.Col], min(width(strings.TrimSpace(part), tableSize)+2*cellPad+1, textW/2))
		}
	}
	sum := 0.0
	for _, v := range natural {
		sum += v
	}
	out := make([]float64, t.Cols)
	for c, v := range natural {
		out[c] = v * textW / sum
	}
	return out
}

// ---- the file ----------------------------------------------------------------

// bytes writes the file: catalog, page tree, font, pages with their numbers.
func (w *pdfWriter) bytes() []byte {
	for i, pg := range w.pages {
		label := fmt.Sprintf("- %d -", i+1)
		fmt.Fprintf(pg, "BT /F1 %s Tf 0 Tc %s %s Td %s Tj ET\n", num(tableSize), num((pageW-width(label, tableSize))/2), num(marginBottom/2), w.hex(label))
	}
	var out bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	stream := func(dict string, data []byte) {
		obj(fmt.Sprintf("<< %s/Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
	}
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	n := len(w.pages)
	// objects: 1 catalog, 2 pages, 3 font, 4 CIDFont, 5 descriptor,
	// 6 ToUnicode, then each page and its content.
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", 7+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %s %s] >>", strings.Join(kids, " "), n, num(pageW), num(pageH)))
	obj("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
	obj(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW %d /W [32 126 %d] /CIDToGIDMap /Identity >>", fullWidth, halfWidth))
	obj("<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [-8 -145 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>")
	stream("", w.toUnicode())
	for i, pg := range w.pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 8+2*i))
		stream("", bytes.TrimRight(pg.Bytes(), "\n"))
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return out.Bytes()
}

// toUnicode is the font's ToUnicode CMap: a range for each block of 256
// codes of the BMP that the document shows, and the codes of characters
// beyond it one by one.
func (w *pdfWriter) toUnicode() []byte {
	blocks := map[uint16]bool{}
	var beyond []uint16
	for c, r := range w.used {
		if r > 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
			beyond = append(beyond, c)
			continue
		}
		blocks[c&0xFF00] = true
	}
	var hi []int
	for b := range blocks {
		hi = append(hi, int(b))
	}
	sort.Ints(hi)
	sort.Slice(beyond, func(i, j int) bool { return beyond[i] < beyond[j] })
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
	b.WriteString("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
	b.WriteString("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(hi) > 0 {
		k := min(len(hi), 100)
		fmt.Fprintf(&b, "%d beginbfrange\n", k)
		for _, h := range hi[:k] {
			fmt.Fprintf(&b, "<%04X> <%04X> <%04X>\n", h, h|0xFF, h)
		}
		b.WriteString("endbfrange\n")
		hi = hi[k:]
	}
	for len(beyond) > 0 {
		k := min(len(beyond), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", k)
		for _, c := range beyond[:k] {
			var u strings.Builder
			for _, x := range utf16Units(w.used[c]) {
				fmt.Fprintf(&u, "%04X", x)
			}
			fmt.Fprintf(&b, "<%04X> <%s>\n", c, u.String())
		}
		b.WriteString("endbfchar\n")
		beyond = beyond[k:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return []byte(b.String())
}

func utf16Units(r rune) []uint16 {
	if r <= 0xFFFF {
		return []uint16{uint16(r)}
	}
	r -= 0x10000
	return []uint16{uint16(0xD800 + (r >> 10)), uint16(0xDC00 + (r & 0x3FF))}
}
