package loaders

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page layout: placed glyphs become lines of text in reading order, and the
// rules of a page become table grids whose cells collect the glyphs inside
// them. Coordinates are PDF page space: y grows upwards.

// pdfLine is a line of text, or a paragraph after wrapped lines are joined.
type pdfLine struct {
	text   string
	x0, x1 float64 // left and right ends
	y      float64 // baseline of the first line
	yLast  float64 // baseline of the last line
	size   float64
	tabbed bool // has a wide gap, printed as a tab
	// full: the (last) line reaches the right margin; atLeft: the line
	// starts at the left margin. A paragraph cut by a page break is joined
	// by them.
	full, atLeft bool
	// segs are the parts of the line between wide gaps, with their left ends.
	segs []pdfSeg
}

type pdfSeg struct {
	x    float64
	text string
}

// pdfGridCell is a cell of a rebuilt table; row and col count from zero.
type pdfGridCell struct {
	row, col, rowSpan, colSpan int
	text                       string
}

// pdfGrid is a table rebuilt from the rules of a page.
type pdfGrid struct {
	xs     []float64 // column boundaries, left to right
	ys     []float64 // row boundaries, top to bottom
	cells  []pdfGridCell
	header int // header rows, 0 when unknown
	// rowPages is the page of each row once a table continued over pages
	// is joined; nil while the grid is on one page.
	rowPages []int
}

func (g *pdfGrid) rows() int { return len(g.ys) - 1 }
func (g *pdfGrid) cols() int { return len(g.xs) - 1 }

// pdfItem is a line or a table of a page, in reading order.
type pdfItem struct {
	line *pdfLine
	grid *pdfGrid
	top  float64
	page int
	// endPage is the last page of a table joined over pages.
	endPage int
	first   bool // the first item of its page
	last    bool // the last item of its page
}

// layoutPage turns a page's glyphs and rules into items, top to bottom.
// box is the page's MediaBox (x0, y0, x1, y1).
func layoutPage(glyphs []pdfGlyph, rules []pdfRule, box [4]float64) []pdfItem {
	grids := findGrids(rules)
	cellGlyphs := make([]map[[2]int][]pdfGlyph, len(grids))
	var free []pdfGlyph
	for _, g := range glyphs {
		cx, cy := g.X+g.W/2, g.Y+g.Size*0.3
		placed := false
		for k, gr := range grids {
			if cx < gr.xs[0] || cx > gr.xs[len(gr.xs)-1] || cy > gr.ys[0] || cy < gr.ys[len(gr.ys)-1] {
				continue
			}
			c := sort.Search(len(gr.xs), func(i int) bool { return gr.xs[i] >= cx }) - 1
			r := sort.Search(len(gr.ys), func(i int) bool { return gr.ys[i] <= cy }) - 1
			c, r = max(c, 0), max(r, 0)
			if cellGlyphs[k] == nil {
				cellGlyphs[k] = map[[2]int][]pdfGlyph{}
			}
			key := gr.anchor(r, c)
			cellGlyphs[k][key] = append(cellGlyphs[k][key], g)
			placed = true
			break
		}
		if !placed {
			free = append(free, g)
		}
	}
	var items []pdfItem
	for k, gr := range grids {
		for i := range gr.cells {
			c := &gr.cells[i]
			c.text = cellText(buildLines(cellGlyphs[k][[2]int{c.row, c.col}]), gr.xs[c.col], gr.xs[min(c.col+c.colSpan, len(gr.xs)-1)])
		}
		gr.header = gridHeaderRows(gr)
		items = append(items, pdfItem{grid: gr, top: gr.ys[0]})
	}
	lines := buildLines(free)
	lines = dropPageNumbers(lines, box)
	lines, cgrids := columnGrids(lines)
	for _, gr := range cgrids {
		gr.header = gridHeaderRows(gr)
		items = append(items, pdfItem{grid: gr, top: gr.ys[0]})
	}
	lines = joinWrapped(lines)
	for i := range lines {
		items = append(items, pdfItem{line: &lines[i], top: lines[i].y})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].top > items[j].top })
	if n := len(items); n > 0 {
		items[0].first = true
		items[n-1].last = true
	}
	return items
}

// ---- lines -----------------------------------------------------------------

// buildLines groups glyphs into lines by baseline and orders them left to
// right. A gap wider than two ems becomes a tab; a narrower one a space where
// a Latin letter or digit is next to it or the gap is nearly an em.
func buildLines(glyphs []pdfGlyph) []pdfLine {
	if len(glyphs) == 0 {
		return nil
	}
	gs := append([]pdfGlyph(nil), glyphs...)
	sort.SliceStable(gs, func(i, j int) bool {
		if math.Abs(gs[i].Y-gs[j].Y) > 0.01 {
			return gs[i].Y > gs[j].Y
		}
		return gs[i].X < gs[j].X
	})
	var groups [][]pdfGlyph
	var baseY, size float64
	for _, g := range gs {
		tol := 0.35 * max(size, g.Size, 1)
		if len(groups) > 0 && math.Abs(g.Y-baseY) <= tol {
			groups[len(groups)-1] = append(groups[len(groups)-1], g)
			size = max(size, g.Size)
			continue
		}
		groups = append(groups, []pdfGlyph{g})
		baseY, size = g.Y, g.Size
	}
	lines := make([]pdfLine, 0, len(groups))
	for _, grp := range groups {
		sort.SliceStable(grp, func(i, j int) bool { return grp[i].X < grp[j].X })
		var b strings.Builder
		l := pdfLine{x0: grp[0].X, y: grp[0].Y}
		var prev *pdfGlyph
		sz := 0.0
		segStart, segX := 0, grp[0].X
		for i := range grp {
			g := &grp[i]
			if g.Size > sz {
				sz = g.Size
			}
			if prev != nil {
				// the same glyph drawn twice (fake bold)
				if g.Text == prev.Text && math.Abs(g.X-prev.X) < 0.3*max(prev.W, 1) {
					continue
				}
				gap := g.X - (prev.X + prev.W)
				em := max(g.Size, prev.Size, 1)
				a, _ := utf8.DecodeLastRuneInString(prev.Text)
				c, _ := utf8.DecodeRuneInString(g.Text)
				switch {
				case gap > 2*em:
					l.segs = append(l.segs, pdfSeg{segX, strings.TrimSpace(b.String()[segStart:])})
					b.WriteByte('\t')
					segStart, segX = b.Len(), g.X
					l.tabbed = true
				case gap > 0.8*em || gap > 0.15*em && isASCIIAlnum(a) && isASCIIAlnum(c) ||
					gap > 0.35*em && (isASCIIAlnum(a) || isASCIIAlnum(c)):
					// Writers put a quarter em between Han and Latin
					// text; that is no space in the source.
					if a != ' ' && c != ' ' {
						b.WriteByte(' ')
					}
				}
			}
			b.WriteString(g.Text)
			prev = g
			l.x1 = g.X + g.W
		}
		l.segs = append(l.segs, pdfSeg{segX, strings.TrimSpace(b.String()[segStart:])})
		l.text = strings.TrimSpace(b.String())
		l.size = sz
		l.yLast = l.y
		if l.text != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

var rePageNumber = regexp.MustCompile(`^(?:[-—–－ ]*[0-9]{1,4}[-—–－ ]*|第\s*[0-9]{1,4}\s*页(?:\s*[,，]?\s*共\s*[0-9]{1,4}\s*页)?|[0-9]{1,4}\s*/\s*[0-9]{1,4}|-\s*[0-9]{1,4}\s*-)$`)

func isPageNumber(s string) bool {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return rePageNumber.MatchString(strings.TrimSpace(s))
}

// dropPageNumbers removes page numbers printed in the top or bottom margin.
// A bare number the text runs on to, a line's pitch below (or above) the
// line before it, is text: a page of standard margins sets its last lines
// that low.
func dropPageNumbers(lines []pdfLine, box [4]float64) []pdfLine {
	h := box[3] - box[1]
	if h <= 0 {
		return lines
	}
	inFlow := func(l pdfLine, bottom bool) bool {
		em := max(l.size, 1)
		for _, o := range lines {
			d := o.y - l.y
			if !bottom {
				d = -d
			}
			if d > 0.5*em && d <= 1.6*em {
				return true
			}
		}
		return false
	}
	var out []pdfLine
	for _, l := range lines {
		bottom, top := l.y < box[1]+0.12*h, l.y > box[3]-0.08*h
		if (bottom || top) && isPageNumber(l.text) && !inFlow(l, bottom) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// joinWrapped joins the lines of a paragraph that the page wrapped: a line
// that reaches the right margin continues on the next line when that one
// starts at the left margin, in the same size, right below.
func joinWrapped(lines []pdfLine) []pdfLine {
	if len(lines) < 2 {
		return lines
	}
	left, right := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		if utf8.RuneCountInString(l.text) >= 4 {
			left = min(left, l.x0)
			right = max(right, l.x1)
		}
	}
	// the body size: the size most characters are set in
	bySize := map[float64]int{}
	body := 0.0
	for _, l := range lines {
		k := math.Round(l.size*2) / 2
		bySize[k] += utf8.RuneCountInString(l.text)
		if bySize[k] > bySize[body] {
			body = k
		}
	}
	for i := range lines {
		l := &lines[i]
		l.atLeft = l.x0 <= left+0.6*max(l.size, 1)
		l.full = l.x1 >= right-1.5*max(l.size, 1) && utf8.RuneCountInString(l.text) >= 12
	}
	out := []pdfLine{lines[0]}
	for _, l := range lines[1:] {
		p := &out[len(out)-1]
		em := max(p.size, 1)
		near := !p.tabbed && !l.tabbed && math.Abs(p.size-l.size) <= 0.15*em && p.yLast-l.y > 0 && p.yLast-l.y < 2.2*em
		// p.full is of its last line: a paragraph joined so far ends
		// where its last line ends, not where its widest does.
		wrapped := p.full && l.x0 <= left+0.6*em && !startsItem(p.text, l.text) &&
			utf8.RuneCountInString(p.text) >= 12 // a full line, not two short ones
		// a title set larger than the body and broken over lines
		title := body > 0 && p.size > 1.15*body && p.x1 >= right-3*em && !endsSentence(p.text)
		if near && (wrapped || title) {
			p.text = joinWrappedText(p.text, l.text)
			p.x1 = max(p.x1, l.x1)
			p.yLast = l.y
			p.full = l.full
			continue
		}
		out = append(out, l)
	}
	return out
}

// startsItem reports whether next opens a numbered item after a line that
// ends a sentence.
func startsItem(prev, next string) bool {
	if !endsSentence(prev) && !strings.HasSuffix(strings.TrimSpace(prev), "：") {
		return false
	}
	_, ok := parseListItem(next)
	return ok
}

// cellText joins the lines of a table cell that spans x0 to x1. Lines are
// joined as one text, except that a numbered item after a finished sentence
// starts a new line, and so does a line set at the cell's left after one
// that stops well short of its right: a paragraph of its own.
func cellText(lines []pdfLine, x0, x1 float64) string {
	var b strings.Builder
	prev := ""
	left := math.Inf(1)
	for _, l := range lines {
		left = min(left, l.x0)
	}
	for i, l := range lines {
		em := max(l.size, 1)
		switch {
		case i == 0:
			b.WriteString(l.text)
		case startsItem(prev, l.text),
			lines[i-1].x1 < x1-(left-x0)-2.5*em && l.x0 <= left+0.3*em && lines[i-1].x0 <= left+0.3*em:
			b.WriteString("\n")
			b.WriteString(l.text)
		default:
			j := joinWrappedText(prev, l.text)
			b.WriteString(j[len(prev):])
		}
		prev = l.text
	}
	return strings.ReplaceAll(b.String(), "\t", " ")
}

// ---- grids -----------------------------------------------------------------

const ruleTol = 2.0

// findGrids rebuilds tables from the rules of a page: rules that touch form
// one component; the distinct x of its vertical rules and y of its
// horizontal rules make the grid, and a missing stretch of rule between two
// grid cells merges them.
func findGrids(rules []pdfRule) []*pdfGrid {
	var hs, vs []pdfRule
	for _, r := range rules {
		if r.X1-r.X0 < 1 && r.Y1-r.Y0 < 1 {
			continue
		}
		if r.horizontal() {
			y := (r.Y0 + r.Y1) / 2
			hs = append(hs, pdfRule{r.X0, y, r.X1, y})
		} else {
			x := (r.X0 + r.X1) / 2
			vs = append(vs, pdfRule{x, r.Y0, x, r.Y1})
		}
	}
	hs = mergeRules(hs, true)
	vs = mergeRules(vs, false)
	if len(hs) < 2 || len(vs) < 2 || len(hs)+len(vs) > 20000 {
		return nil
	}
	// connected components
	all := append(append([]pdfRule(nil), hs...), vs...)
	sets := newDisjointSets(len(all))
	find := sets.find
	for i := range hs {
		h := hs[i]
		for j := range vs {
			v := vs[j]
			if v.X0 >= h.X0-ruleTol && v.X0 <= h.X1+ruleTol && h.Y0 >= v.Y0-ruleTol && h.Y0 <= v.Y1+ruleTol {
				sets.union(i, len(hs)+j)
			}
		}
	}
	comps := map[int][]int{}
	var order []int
	for i := range all {
		r := find(i)
		if _, ok := comps[r]; !ok {
			order = append(order, r)
		}
		comps[r] = append(comps[r], i)
	}
	var grids []*pdfGrid
	for _, root := range order {
		var ch, cv []pdfRule
		for _, i := range comps[root] {
			if i < len(hs) {
				ch = append(ch, all[i])
			} else {
				cv = append(cv, all[i])
			}
		}
		if g := buildGrid(ch, cv); g != nil {
			grids = append(grids, g)
		}
	}
	return grids
}

// mergeRules joins collinear rules that overlap or nearly touch.
func mergeRules(rs []pdfRule, horizontal bool) []pdfRule {
	key := func(r pdfRule) (pos, a, b float64) {
		if horizontal {
			return r.Y0, r.X0, r.X1
		}
		return r.X0, r.Y0, r.Y1
	}
	sort.Slice(rs, func(i, j int) bool {
		pi, ai, _ := key(rs[i])
		pj, aj, _ := key(rs[j])
		if math.Abs(pi-pj) > 0.5 {
			return pi < pj
		}
		return ai < aj
	})
	var out []pdfRule
	for _, r := range rs {
		if n := len(out); n > 0 {
			pp, _, pb := key(out[n-1])
			p, a, b := key(r)
			if math.Abs(p-pp) <= 1 && a <= pb+ruleTol {
				if horizontal {
					out[n-1].X1 = max(pb, b)
				} else {
					out[n-1].Y1 = max(pb, b)
				}
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// cluster returns the distinct values of vs, merging values within tol.
func cluster(vs []float64) []float64 {
	sort.Float64s(vs)
	var out []float64
	for _, v := range vs {
		if n := len(out); n > 0 && v-out[n-1] <= ruleTol {
			continue
		}
		out = append(out, v)
	}
	return out
}

func buildGrid(hs, vs []pdfRule) *pdfGrid {
	if len(hs) < 2 || len(vs) < 2 {
		return nil
	}
	var xv, yv []float64
	for _, v := range vs {
		xv = append(xv, v.X0)
	}
	for _, h := range hs {
		yv = append(yv, h.Y0)
	}
	xs := cluster(xv)
	ys := cluster(yv)
	// top to bottom
	for i, j := 0, len(ys)-1; i < j; i, j = i+1, j-1 {
		ys[i], ys[j] = ys[j], ys[i]
	}
	rows, cols := len(ys)-1, len(xs)-1
	if rows < 1 || cols < 1 || rows*cols < 2 || cols > 64 || rows > 4000 {
		return nil
	}
	hasV := func(x, y float64) bool {
		for _, v := range vs {
			if math.Abs(v.X0-x) <= ruleTol && v.Y0 <= y && v.Y1 >= y {
				return true
			}
		}
		return false
	}
	hasH := func(y, x float64) bool {
		for _, h := range hs {
			if math.Abs(h.Y0-y) <= ruleTol && h.X0 <= x && h.X1 >= x {
				return true
			}
		}
		return false
	}
	n := rows * cols
	sets := newDisjointSets(n)
	find, union := sets.find, sets.union
	for r := 0; r < rows; r++ {
		ym := (ys[r] + ys[r+1]) / 2
		for c := 0; c < cols; c++ {
			xm := (xs[c] + xs[c+1]) / 2
			if c+1 < cols && !hasV(xs[c+1], ym) {
				union(r*cols+c, r*cols+c+1)
			}
			if r+1 < rows && !hasH(ys[r+1], xm) {
				union(r*cols+c, (r+1)*cols+c)
			}
		}
	}
	// regions: bounding boxes; a region that is no rectangle is split again
	type box struct{ r0, c0, r1, c1, count int }
	boxes := map[int]*box{}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			root := find(r*cols + c)
			b := boxes[root]
			if b == nil {
				b = &box{r, c, r, c, 0}
				boxes[root] = b
			}
			b.r0, b.c0 = min(b.r0, r), min(b.c0, c)
			b.r1, b.c1 = max(b.r1, r), max(b.c1, c)
			b.count++
		}
	}
	g := &pdfGrid{xs: xs, ys: ys}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			root := find(r*cols + c)
			b := boxes[root]
			rect := b.count == (b.r1-b.r0+1)*(b.c1-b.c0+1)
			if rect && (r != b.r0 || c != b.c0) {
				continue
			}
			cell := pdfGridCell{row: r, col: c, rowSpan: 1, colSpan: 1}
			if rect {
				cell.rowSpan, cell.colSpan = b.r1-b.r0+1, b.c1-b.c0+1
			}
			g.cells = append(g.cells, cell)
		}
	}
	return g
}

// anchor returns the row and column of the cell that covers grid position r, c.
func (g *pdfGrid) anchor(r, c int) [2]int {
	for _, x := range g.cells {
		if r >= x.row && r < x.row+x.rowSpan && c >= x.col && c < x.col+x.colSpan {
			return [2]int{x.row, x.col}
		}
	}
	return [2]int{r, c}
}

// rowTexts returns the texts of row r by column, a merged cell's text at
// its anchor only.
func (g *pdfGrid) rowTexts(r int) []string {
	out := make([]string, g.cols())
	for _, x := range g.cells {
		if x.row == r {
			out[x.col] = x.text
		}
	}
	return out
}

// gridHeaderRows is 1 when the first row reads as a header, more when a
// header cell of that row spans further rows (a two-row header).
func gridHeaderRows(g *pdfGrid) int {
	if g.rows() < 2 || !isHeaderRow(g.rowTexts(0)) {
		return 0
	}
	n := 1
	for _, x := range g.cells {
		if x.row == 0 && x.rowSpan > n && x.rowSpan < g.rows() && isHeaderCellText(x.text) {
			n = x.rowSpan
		}
	}
	for n > 1 && !isHeaderRow(append(g.rowTexts(n-1), "序号", "单位")) {
		n--
	}
	return n
}

func isHeaderCellText(s string) bool {
	s = squeeze(s)
	return s != "" && runeLen(s) <= 16 && hasHeaderWord(s) && strings.IndexFunc(s, unicode.IsDigit) < 0
}

// ---- tables over page breaks ------------------------------------------------

// joinPageTables joins a table that ends a page with the table that starts
// the next page when their columns line up. A header repeated on the new page
// is dropped, and a merged cell cut by the page break is made whole again.
func joinPageTables(items []pdfItem) []pdfItem {
	var out []pdfItem
	for _, it := range items {
		if it.endPage == 0 {
			it.endPage = it.page
		}
		if n := len(out); n > 0 && it.grid != nil && it.first {
			prev := &out[n-1]
			if prev.grid != nil && prev.last && prev.endPage == it.page-1 && sameColumns(prev.grid, it.grid) {
				appendGrid(prev.grid, it.grid, prev.page, it.page)
				prev.endPage, prev.last = it.page, it.last
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

func sameColumns(a, b *pdfGrid) bool {
	if a.cols() != b.cols() {
		return false
	}
	for i := range a.xs {
		if math.Abs(a.xs[i]-b.xs[i]) > 3 {
			return false
		}
	}
	return true
}

func (g *pdfGrid) rowsText(from, to int) []string {
	var out []string
	for r := from; r < to && r < g.rows(); r++ {
		out = append(out, g.rowTexts(r)...)
	}
	return out
}

// appendGrid appends the rows of b (on page bp) to a (whose first page is ap).
func appendGrid(a, b *pdfGrid, ap, bp int) {
	if a.rowPages == nil {
		a.rowPages = make([]int, a.rows())
		for i := range a.rowPages {
			a.rowPages[i] = ap
		}
	}
	skip := 0
	if b.header > 0 && a.header > 0 && sameHeader(b.rowsText(0, b.header), a.rowsText(0, a.header)) {
		skip = b.header
	} else if k := repeatedRows(a, b); k > 0 {
		// rows printed again at the top of the page are the header,
		// whatever their words
		skip = k
		a.header = max(a.header, k)
	}
	off := a.rows() - skip
	last := a.rows() - 1
	for _, c := range b.cells {
		if c.row < skip {
			continue
		}
		if c.row == skip && strings.TrimSpace(c.text) == "" {
			// a merged cell cut by the page break continues here
			joined := false
			for k := range a.cells {
				x := &a.cells[k]
				if x.col == c.col && x.colSpan == c.colSpan && x.row+x.rowSpan-1 == last && (x.rowSpan > 1 || c.rowSpan > 1) && x.text != "" {
					x.rowSpan += c.rowSpan
					joined = true
					break
				}
			}
			if joined {
				continue
			}
		}
		c.row += off
		a.cells = append(a.cells, c)
	}
	a.ys = append(a.ys, b.ys[skip+1:]...)
	for r := skip; r < b.rows(); r++ {
		a.rowPages = append(a.rowPages, bp)
	}
}

// repeatedRows returns how many leading rows of b (at most three, fewer than
// either table has) repeat the leading rows of a word for word.
func repeatedRows(a, b *pdfGrid) int {
	for k := min(3, a.rows()-1, b.rows()-1); k >= 1; k-- {
		same := true
		for r := 0; r < k && same; r++ {
			ra, rb := a.rowTexts(r), b.rowTexts(r)
			filled := false
			for c := range ra {
				if squeeze(ra[c]) != squeeze(rb[c]) {
					same = false
					break
				}
				filled = filled || squeeze(ra[c]) != ""
			}
			same = same && filled
		}
		if same {
			return k
		}
	}
	return 0
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && isAlnum(r)
}

// joinWrappedText joins a line and the line the page wrapped it onto: a
// space between Latin words, none where either side is Han or a number was
// cut between its digits.
func joinWrappedText(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if unicode.IsDigit(ra) && (unicode.IsDigit(rb) || rb == '.' || rb == '%') || ra == '.' && unicode.IsDigit(rb) {
		return a + b
	}
	return joinBroken(a, b)
}

// ---- tables without rules ----------------------------------------------------

// columnGrids finds tables printed without rules: runs of at least three
// lines cut by wide gaps. The left ends of their parts, clustered, give the
// columns; a line whose first column is empty and that sits close below the
// line before continues that line's row (a cell wrapped onto a second line).
// It returns the lines outside such tables and the tables.
func columnGrids(lines []pdfLine) ([]pdfLine, []*pdfGrid) {
	var rest []pdfLine
	var grids []*pdfGrid
	for i := 0; i < len(lines); {
		j := i
		tabbed := 0
		for j < len(lines) && (lines[j].tabbed || j > i && tabbed > 0 && len(lines[j].segs) == 1 && lines[j].x0 > lines[i].x0+2*max(lines[j].size, 1)) {
			if lines[j].tabbed {
				tabbed++
			}
			j++
		}
		if tabbed >= 3 {
			if g := clusterGrid(lines[i:j]); g != nil {
				grids = append(grids, g)
				i = j
				continue
			}
		}
		if j == i {
			j = i + 1
		}
		rest = append(rest, lines[i:j]...)
		i = j
	}
	return rest, grids
}

func clusterGrid(lines []pdfLine) *pdfGrid {
	var xs []float64
	em := 0.0
	for _, l := range lines {
		em = max(em, l.size)
		for _, s := range l.segs {
			xs = append(xs, s.x)
		}
	}
	em = max(em, 1)
	sort.Float64s(xs)
	var starts []float64
	for _, x := range xs {
		if n := len(starts); n > 0 && x-starts[n-1] <= em {
			continue
		}
		starts = append(starts, x)
	}
	if len(starts) < 2 || len(starts) > 32 {
		return nil
	}
	col := func(x float64) int {
		c := sort.Search(len(starts), func(i int) bool { return starts[i] > x+em }) - 1
		return max(c, 0)
	}
	right := 0.0
	for _, l := range lines {
		right = max(right, l.x1)
	}
	g := &pdfGrid{xs: append(append([]float64(nil), starts...), right)}
	var rows [][]string
	prevY := 0.0
	for k, l := range lines {
		cells := make([]string, len(starts))
		for _, s := range l.segs {
			c := col(s.x)
			cells[c] = joinWrappedText(cells[c], s.text)
		}
		cont := k > 0 && cells[0] == "" && prevY-l.y < 1.6*em
		if cont && len(rows) > 0 {
			last := rows[len(rows)-1]
			for c, t := range cells {
				if t != "" {
					last[c] = joinWrappedText(last[c], t)
				}
			}
		} else {
			rows = append(rows, cells)
		}
		prevY = l.y
	}
	g.ys = make([]float64, len(rows)+1)
	g.ys[0] = lines[0].y + em
	for r := range rows {
		g.ys[r+1] = g.ys[0] - float64(r+1)
		for c, t := range rows[r] {
			g.cells = append(g.cells, pdfGridCell{row: r, col: c, rowSpan: 1, colSpan: 1, text: t})
		}
	}
	return g
}

func isListLine(s string) bool {
	_, ok := parseListItem(s)
	return ok
}

// joinPageParagraphs joins a paragraph that a page break cut: the last line
// of a page reaches the right margin and the first line of the next page
// starts at the left margin, not as a numbered item.
func joinPageParagraphs(items []pdfItem) []pdfItem {
	var out []pdfItem
	for _, it := range items {
		if n := len(out); n > 0 && it.line != nil && it.first && it.line.atLeft {
			prev := &out[n-1]
			if prev.line != nil && prev.last && prev.line.full && prev.endPage == it.page-1 &&
				!prev.line.tabbed && !it.line.tabbed && !isListLine(it.line.text) {
				prev.line.text = joinWrappedText(prev.line.text, it.line.text)
				prev.line.full = it.line.full
				prev.last = it.last
				prev.endPage = it.page
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

// disjointSets groups indexes into sets that union merges; find names a set
// by its smallest member.
type disjointSets []int

func newDisjointSets(n int) disjointSets {
	d := make(disjointSets, n)
	for i := range d {
		d[i] = i
	}
	return d
}

func (d disjointSets) find(i int) int {
	for d[i] != i {
		d[i] = d[d[i]]
		i = d[i]
	}
	return i
}

func (d disjointSets) union(a, b int) {
	if ra, rb := d.find(a), d.find(b); ra != rb {
		if ra < rb {
			d[rb] = ra
		} else {
			d[ra] = rb
		}
	}
}
