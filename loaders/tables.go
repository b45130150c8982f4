package loaders

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// These renderings of a table reach us as text:
//
//   - pipe tables, one row a line: "1 | 项目 | 进度 |" (web pages, Markdown),
//     where a row short of cells sits under cells of the row above that span
//     it, and a header row may be broken over lines ("资金预算 下达数 |");
//   - tab tables, one row a line with a tab between cells (PDF extraction);
//   - one cell a line, each line closed by a pipe ("序号 |" / "项目名称 |" /
//     … / "1 |" / …), rows as wide as the header (web pages copied as text);
//   - cell-per-line tables where each cell starts with a tab and a row ends
//     after a blank line (Word documents saved as text);
//   - cell-per-line tables with a blank line (or none) between cells and a
//     bare serial number opening each row (web pages copied as text).
//
// Each reader returns the table and the line after it, or nil when its
// rendering does not start at the line.

// cell makes a table cell with the flags its text raises.
func cell(row, col int, text string, line int) corpus.Cell {
	c := corpus.Cell{Row: row, Col: col, Text: text, Span: corpus.Span{Line: line}}
	c.Flags = appendFlags(nil, normalize.TextFlags(text)...)
	return c
}

// setExtent makes Rows and Cols cover rows×cols even where trailing cells are empty.
func setExtent(t *corpus.Table, rows, cols int) {
	t.Rows = max(t.Rows, rows)
	t.Cols = max(t.Cols, cols)
}

// ---- header rows -----------------------------------------------------------

// headerWords are words that table headers of the genre are made of.
var headerWords = []string{"序号", "序", "号", "编号", "名称", "项目", "内容", "任务", "单位", "时限", "资金", "来源",
	"万元", "责任", "牵头", "配合", "完成", "情况", "进度", "问题", "建议", "备注", "领导", "小组", "总额", "支持",
	"统筹", "财政", "测算", "计划", "安排", "目标", "指标", "实施", "进展", "时间", "措施", "类别", "领域", "工作",
	"季度", "联系", "委办", "数", "部门", "地点", "金额", "投资", "期限", "单", "位", "實", "項", "單", "責", "進"}

func hasHeaderWord(s string) bool {
	for _, w := range headerWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var reNumberish = regexp.MustCompile(`^[0-9.,，%％+\-]+$`)

// isHeaderRow reports whether cells read as a header row: at least two short
// cells, no numbers, and at least half of them made of header words.
func isHeaderRow(cells []string) bool {
	filled, hits := 0, 0
	for _, c := range cells {
		s := squeeze(c)
		if s == "" {
			continue
		}
		filled++
		if runeLen(s) > 16 || strings.ContainsAny(s, "。；;，,") || reNumberish.MatchString(s) {
			return false
		}
		if hasHeaderWord(s) {
			hits++
		}
	}
	return filled >= 2 && hits*2 >= filled
}

// sameHeader reports whether a row repeats a header row, allowing the small
// differences OCR makes between pages (単位/单位, 号/·号).
func sameHeader(row, header []string) bool {
	a, b := squeeze(strings.Join(row, "")), squeeze(strings.Join(header, ""))
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if n > 120 || abs(len(ra)-len(rb))*5 > n {
		return false
	}
	return editDistance(ra, rb)*5 <= n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Levenshtein distance between two rune strings.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// repeatedHeader reports whether row repeats one of the header rows.
func repeatedHeader(row []string, header [][]string) bool {
	if len(header) == 0 {
		return false
	}
	for _, h := range header {
		if sameHeader(row, h) {
			return true
		}
	}
	return isHeaderRow(row)
}

// ---- pipe tables -------------------------------------------------------------

var reMDSeparator = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)

// isPipeRow reports a line with at least two " | " separators, or a Markdown
// row between pipes.
func isPipeRow(l string) bool {
	t := strings.TrimSpace(l)
	if strings.Count(t, " | ") >= 2 {
		return true
	}
	return strings.HasPrefix(t, "|") && strings.Count(t, "|") >= 3 && !isEmptyPipeRow(t)
}

// splitPipes splits a pipe row into cells; complete says the row ended with
// its closing pipe (a row cut off mid-cell has none).
func splitPipes(l string) (cells []string, complete bool) {
	t := strings.TrimSpace(l)
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
		complete = true
	}
	var b strings.Builder
	for k := 0; k < len(t); k++ {
		switch {
		case t[k] == '\\' && k+1 < len(t) && t[k+1] == '|':
			b.WriteByte('|')
			k++
		case t[k] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(t[k])
		}
	}
	cells = append(cells, strings.TrimSpace(b.String()))
	return cells, complete
}

// pipeRow is one row of a pipe table: its cells, the line each came from,
// and whether the row ended with its closing pipe.
type pipeRow struct {
	cells []string
	lines []int
	whole bool
}

// isPipeCellLine reports a line that holds one cell closed by a pipe:
// "牵头单位 |", "资金预算 下达数|".
func isPipeCellLine(l string) bool {
	t := strings.TrimSpace(l)
	return strings.HasSuffix(t, "|") && strings.Count(t, "|") == 1 && !isEmptyPipeRow(t)
}

// pipeRows reads the lines of a pipe table from line i. A line holding a
// single cell closed by a pipe continues a row that is short of the width of
// the first (a header row broken over lines).
func (p *parser) pipeRows(i int) ([]pipeRow, int) {
	var rows []pipeRow
	j := i
	for ; j < len(p.lines); j++ {
		l := strings.TrimSpace(p.lines[j])
		if l == "" || !strings.Contains(l, "|") {
			break
		}
		if isEmptyPipeRow(l) || reMDSeparator.MatchString(l) {
			continue
		}
		cells, whole := splitPipes(l)
		if n := len(rows); n > 0 && isPipeCellLine(l) && len(rows[n-1].cells) < len(rows[0].cells) {
			last := &rows[n-1]
			last.cells = append(last.cells, cells[0])
			last.lines = append(last.lines, j+1)
			last.whole = whole
			continue
		}
		lines := make([]int, len(cells))
		for k := range lines {
			lines[k] = j + 1
		}
		rows = append(rows, pipeRow{cells: cells, lines: lines, whole: whole})
	}
	if j < len(p.lines) && len(rows) > 1 && isCutRow(p.lines, j) {
		// The text stops inside a row before its first pipe.
		rows = append(rows, pipeRow{cells: []string{cleanLine(p.lines[j])}, lines: []int{j + 1}})
		j++
	}
	return rows, j
}

// isCutRow reports whether line j, right after a table, is the start of a
// row the text stops in: the last line of the text, short, no sentence.
func isCutRow(lines []string, j int) bool {
	t := cleanLine(lines[j])
	if t == "" || strings.Contains(t, "|") || runeLen(t) > 40 || endsSentence(t) || isFurniture(t) {
		return false
	}
	for _, l := range lines[j+1:] {
		if !isBlank(l) {
			return false
		}
	}
	return true
}

// isLabelRow reports a row whose every cell is a "label:value" line
// ("联系电话:0559-…").
func isLabelRow(cells []string) bool {
	filled := 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		filled++
		if !strings.ContainsAny(c, ":：") {
			return false
		}
	}
	return filled > 0
}

// filledWidth is the number of cells up to the last non-empty one.
func filledWidth(cells []string) int {
	k := len(cells)
	for k > 0 && cells[k-1] == "" {
		k--
	}
	return k
}

func (p *parser) pipeTable(i int) (*corpus.Table, int) {
	if !isPipeRow(p.lines[i]) {
		return nil, i
	}
	rows, j := p.pipeRows(i)
	if len(rows) < 2 {
		return nil, i
	}
	// A line above the header row (a contact line printed in the table's
	// first row) is no part of it.
	if len(rows) > 2 && !isHeaderRow(rows[0].cells) && isHeaderRow(rows[1].cells) && isLabelRow(rows[0].cells) {
		return nil, i
	}
	heads := 1
	for heads < 3 && heads < len(rows)-1 && isHeaderRow(rows[heads].cells) {
		heads++
	}
	t := &corpus.Table{HeaderRows: heads}
	cols := len(rows[0].cells)
	width := 0 // the widest of the first data rows, padding past the header aside
	for _, rw := range rows[heads:min(len(rows), heads+4)] {
		if len(rw.cells) > cols {
			width = max(width, cols, filledWidth(rw.cells))
		} else {
			width = max(width, len(rw.cells))
		}
	}
	placeHeader(t, rows[:heads], max(width, filledWidth(rows[heads-1].cells)))
	cols = max(cols, t.Cols)
	headTexts := headerTexts(t)
	var prev []int         // cell index anchoring each column of the previous row
	var prevText []string  // the text covering each column of the previous row
	var prevSpanned []bool // the columns the previous row took from the row above
	complete := 0          // the whole data rows so far
	headWhole := true
	for _, rw := range rows[:heads] {
		headWhole = headWhole && rw.whole
	}
	r := heads
	// An item whose task is printed in two cells (a group and its lines) has
	// its rows set out in a table one column wider: split[n] gives where the
	// cells of data row n go, nil for the other rows.
	split, task := splitTaskRows(rows[heads:], headTexts)
	splitRows := map[int]bool{}
	for n, rw := range rows[heads:] {
		cells, whole := rw.cells, rw.whole
		for len(cells) > cols && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1] // "| |||" pads past the header
		}
		at := make([]int, len(cells)) // the column of each cell
		for k := range at {
			at[k] = k
		}
		spanTo := -1 // the last column a row may take from the row above; -1: any
		if split != nil && split[n] != nil {
			cells = cells[:filledWidth(cells)]
			at = split[n]
			splitRows[r] = true
			spanTo = task + 2 // the item's own cells, up to its unit
		} else if n > 0 {
			// A row short of cells sits under cells of the rows above that
			// span it (a category printed once for several items, an item
			// with several targets); the converter may pad it with empty
			// cells at the end.
			if place, ok := alignContinuation(cells[:filledWidth(cells)], prevText, headTexts); ok {
				cells = cells[:filledWidth(cells)]
				at = place
			}
		}
		w := cols
		if len(at) > 0 {
			w = max(w, at[len(at)-1]+1)
		}
		cur := make([]int, w)
		curText := make([]string, w)
		spanned := make([]bool, w)
		for c := range cur {
			cur[c] = -1
		}
		if len(at) > 0 && (at[0] > 0 || !sequential(at)) {
			// Columns the row leaves out are spanned from the row above.
			taken := map[int]bool{}
			for _, c := range at {
				taken[c] = true
			}
			for c := 0; c < len(prev) && c < w; c++ {
				if taken[c] || !whole && c > at[len(at)-1] && !prevSpanned[c] || spanTo >= 0 && c > spanTo {
					// A cut row says nothing of the cells after it, unless
					// the row above took them from its own row above.
					continue
				}
				if a := prev[c]; a >= 0 {
					t.Cells[a].RowSpan = r - t.Cells[a].Row + 1
					cur[c] = a
					spanned[c] = true
				}
				curText[c] = prevText[c]
			}
		}
		for k, text := range cells {
			col := at[k]
			curText[col] = text
			if text == "" {
				continue
			}
			c := cell(r, col, text, rw.lines[k])
			last := k == len(cells)-1
			if last && !whole && (strings.HasSuffix(text, "\ufffd") || (complete == n && headWhole && len(cells) < cols)) {
				c.Flags = appendFlags(c.Flags, corpus.FlagTruncated)
			}
			t.AddCell(c)
			cur[col] = len(t.Cells) - 1
		}
		if whole {
			complete++
		}
		prev, prevText, prevSpanned = cur, curText, spanned
		r++
		setExtent(t, r, w)
	}
	if r < 2 {
		return nil, i
	}
	if len(splitRows) > 0 {
		widenTask(t, task, splitRows)
	}
	return t, j
}

// splitTaskRows finds the items of a pipe table whose task is printed in two
// cells: a row opening with a serial has text under the unit column and a
// unit's name in the cell after it ("4 | 低保 | 最低生活保障 | 农村标准(760元/月)
// | 县民政局 |"). Each row of such an item, up to the next serial, is placed
// in a table one column wider, the task column t split in two: the item's
// row as it stands; a row after it puts a leading pair of texts under the
// two halves (a group and its first line), a single text under the second
// half, and its figures under the columns after the unit. It returns the
// columns of the cells of each such row and t, or nil.
func splitTaskRows(rows []pipeRow, heads []string) ([][]int, int) {
	u := unitColumn(heads)
	if u < 3 {
		return nil, 0
	}
	t := u - 1
	var out [][]int
	in := false
	for n, rw := range rows {
		cells := rw.cells[:filledWidth(rw.cells)]
		if len(cells) > 0 && isBareInt(cells[0]) {
			in = len(cells) > u+1 && cellClass(cells[t]) == "text" && cellClass(cells[u]) != "number" &&
				!isUnitName(cells[u]) && isUnitName(cells[u+1])
			if in {
				if out == nil {
					out = make([][]int, len(rows))
				}
				at := make([]int, len(cells))
				for k := range at {
					at[k] = k
				}
				out[n] = at
			}
			continue
		}
		if !in || len(cells) == 0 {
			continue
		}
		lead := 0
		for lead < len(cells) && lead < 2 && cells[lead] != "" && !reNumberish.MatchString(squeeze(cells[lead])) && !isUnitName(cells[lead]) {
			lead++
		}
		if lead == 0 {
			in = false // not a line of the item
			continue
		}
		at := make([]int, 0, len(cells))
		if lead == 2 {
			at = append(at, t, t+1)
		} else {
			at = append(at, t+1)
		}
		for k := lead; k < len(cells); k++ {
			at = append(at, u+2+k-lead)
		}
		out[n] = at
	}
	return out, t
}

// widenTask sets the rows of a table outside the rows set one column wider
// (wide) in the same width: their task cell (column t) spans the two halves
// and the cells after it move one column right.
func widenTask(tb *corpus.Table, t int, wide map[int]bool) {
	cols := 0
	for k := range tb.Cells {
		c := &tb.Cells[k]
		if !wide[c.Row] {
			switch {
			case c.Col > t:
				c.Col++
			case c.Col+max(c.ColSpan, 1) > t:
				c.ColSpan = max(c.ColSpan, 1) + 1
			}
		}
		cols = max(cols, c.Col+max(c.ColSpan, 1))
	}
	tb.Cols = max(tb.Cols+1, cols)
}

func sequential(at []int) bool {
	for k, c := range at {
		if c != at[0]+k {
			return false
		}
	}
	return true
}

// placeHeader adds the header rows of a pipe table whose data rows are
// width cells wide. A last header row short of cells names the columns at the
// right end: the header cells above it at the left span down to it (地区 over
// three header rows); a lone header row short of cells has its first cell
// span the extra columns (项目 over a category, an item and a metric). A
// sparse group row between header rows puts each group over the columns of
// the row below that share its words.
func placeHeader(t *corpus.Table, rows []pipeRow, width int) {
	n := len(rows)
	last := rows[n-1]
	lk := filledWidth(last.cells)
	off := 0
	if lk > 0 && len(last.cells) < width && !isSerialHeader(rows[0].cells[0]) {
		// (A table led by 序号 has its extra cells elsewhere.)
		off = width - len(last.cells)
	}
	if n == 1 {
		for k, text := range last.cells[:max(lk, 0)] {
			if text == "" {
				continue
			}
			c := cell(0, k, text, last.lines[k])
			if k > 0 {
				c.Col = k + off
			} else if off > 0 {
				c.ColSpan = off + 1
			}
			t.AddCell(c)
		}
		setExtent(t, 1, max(width, len(last.cells)))
		return
	}
	lower := make([]string, width)
	for k, text := range last.cells[:lk] {
		if k+off < width {
			lower[k+off] = squeeze(text)
		}
	}
	for r, rw := range rows[:n-1] {
		k := filledWidth(rw.cells)
		if off > 0 && k*2 <= width {
			// The first cells of the top row stand over the columns the last
			// row leaves out; the others are groups over the columns beneath.
			x := 0
			if r == 0 {
				for ; x < k && x < off; x++ {
					if text := rw.cells[x]; text != "" {
						c := cell(r, x, text, rw.lines[x])
						c.RowSpan = n
						t.AddCell(c)
					}
				}
			}
			var groups []string
			var glines []int
			for ; x < k; x++ {
				if rw.cells[x] != "" {
					groups = append(groups, rw.cells[x])
					glines = append(glines, rw.lines[x])
				}
			}
			for g, span := range groupSpans(groups, lower, off) {
				if span[1] > span[0] {
					c := cell(r, span[0], groups[g], glines[g])
					if span[1]-span[0] > 1 {
						c.ColSpan = span[1] - span[0]
					}
					t.AddCell(c)
				}
			}
			continue
		}
		shift := 0 // a full row between header rows stands like the last
		if off > 0 {
			shift = max(off, width-len(rw.cells))
		}
		for x, text := range rw.cells {
			if text != "" {
				t.AddCell(cell(r, x+shift, text, rw.lines[x]))
			}
		}
	}
	for k, text := range last.cells[:lk] {
		if text != "" {
			t.AddCell(cell(n-1, k+off, text, last.lines[k]))
		}
	}
	setExtent(t, n, max(width, len(rows[0].cells)))
}

// groupSpans returns the columns [from, to) each group header covers among
// the columns from start on. The columns below fall into runs of neighbours
// whose headers share two characters in a row (完成情况, 完成比例); a group
// takes the run that shares most with it, a group that shares nothing the
// runs between its neighbours' (the last one all that are left).
func groupSpans(groups, lower []string, start int) [][2]int {
	shares := func(a, b string) int {
		ra := []rune(squeeze(a))
		n := 0
		for k := 0; k+1 < len(ra); k++ {
			bg := string(ra[k : k+2])
			if bg != "情况" && !strings.ContainsAny(bg, "()（）、%,，") && strings.Contains(b, bg) {
				n++
			}
		}
		return n
	}
	var runs [][2]int
	for c := start; c < len(lower); c++ {
		if n := len(runs); n > 0 && runs[n-1][1] == c && shares(lower[c-1], lower[c]) > 0 {
			runs[n-1][1] = c + 1
			continue
		}
		runs = append(runs, [2]int{c, c + 1})
	}
	match := make([]int, len(groups)) // the run each group takes, or -1
	next := 0
	for g, text := range groups {
		match[g] = -1
		top := 0
		for x := next; x < len(runs); x++ {
			n := 0
			for c := runs[x][0]; c < runs[x][1]; c++ {
				n += shares(text, lower[c])
			}
			if n > top {
				match[g], top = x, n
			}
		}
		if match[g] >= 0 {
			next = match[g] + 1
		}
	}
	out := make([][2]int, len(groups))
	used := 0 // runs before this one are taken
	for g := range groups {
		if m := match[g]; m >= 0 {
			out[g] = [2]int{runs[m][0], runs[m][1]}
			used = m + 1
			continue
		}
		end := len(runs) // up to the next matched group's run
		for h := g + 1; h < len(groups); h++ {
			if match[h] >= 0 {
				end = match[h]
				break
			}
		}
		if used >= end || used >= len(runs) {
			continue
		}
		if g+1 < len(groups) && match[g+1] < 0 {
			end = used + 1 // unmatched neighbours share the runs one each
		}
		out[g] = [2]int{runs[used][0], runs[end-1][1]}
		used = end
	}
	return out
}

// headerTexts returns the text of each column's header rows, joined.
func headerTexts(t *corpus.Table) []string {
	g := t.Grid()
	out := make([]string, t.Cols)
	for _, row := range g[:min(t.HeaderRows, len(g))] {
		for c, s := range row {
			if s != "" && !strings.Contains(out[c], s) {
				out[c] += s
			}
		}
	}
	return out
}

// cellClass sorts a cell for aligning a row with the row above: a number, a
// percentage, a dash, text with figures, text.
func cellClass(s string) string {
	s = squeeze(s)
	switch {
	case s == "":
		return ""
	case s == "—" || s == "-" || s == "——" || s == "/":
		return "num"
	case strings.HasSuffix(s, "%") && reNumberish.MatchString(s):
		return "pct"
	case reNumberish.MatchString(s):
		return "num"
	}
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return "qtext"
		}
	}
	return "text"
}

func classScore(a, b string) int {
	switch {
	case a == "" || b == "":
		return 0
	case a == b:
		if a == "text" {
			return 2
		}
		return 3
	case (a == "num" || a == "pct") && (b == "num" || b == "pct"):
		return 1
	case (a == "text" || a == "qtext") && (b == "text" || b == "qtext"):
		return 1
	}
	return -5
}

// itemColumn returns the last column whose header names the item or its
// task (项目名称, 工作任务, 目标任务), not a unit, a period or progress; -1
// when none does.
func itemColumn(heads []string) int {
	col := -1
	for c, h := range heads {
		if c == 0 {
			continue
		}
		h = squeeze(h)
		item := false
		for _, w := range []string{"任务", "目标", "项目", "名称", "内容", "指标", "事项"} {
			item = item || strings.Contains(h, w)
		}
		for _, w := range []string{"单位", "情况", "进展", "进度", "季度", "月", "完成", "时限", "时间", "备注", "领导", "问题", "资金", "投资"} {
			item = item && !strings.Contains(h, w)
		}
		if item {
			col = c
		}
	}
	return col
}

// alignContinuation places the cells of a row short of cells under the
// columns of the row above (prev) whose cells they resemble: numbers under
// numbers, text with figures under text with figures, the leading text
// preferably under the item column, as few columns skipped as may be. It
// reports false when the cells read better where they stand.
func alignContinuation(cells, prev, heads []string) ([]int, bool) {
	k := len(cells)
	filled := 0
	for _, s := range prev {
		if s != "" {
			filled++
		}
	}
	if k == 0 || k >= filled || len(prev) < 2 || len(prev) > 40 {
		return nil, false // no table of the genre is wider
	}
	if s := shape(prev[0]); s != "text" && shape(cells[0]) == s {
		return nil, false // a row of its own: "2 | …"
	}
	stay := 0
	for x, s := range cells {
		if x < len(prev) {
			stay += classScore(cellClass(s), cellClass(prev[x]))
		}
	}
	item := itemColumn(heads)
	cols := len(prev)
	// best[x][c]: the best score placing cells[:x+1] with cells[x] at c.
	const none = -1 << 20
	best := make([][]int, k)
	from := make([][]int, k)
	for x := range best {
		best[x] = make([]int, cols)
		from[x] = make([]int, cols)
		for c := range best[x] {
			best[x][c] = none
		}
	}
	for c := 1; c < cols; c++ {
		s := classScore(cellClass(cells[0]), cellClass(prev[c]))
		if c == item && cellClass(cells[0]) != "" && s > 0 {
			s += 2
		}
		best[0][c] = s
	}
	for x := 1; x < k; x++ {
		for c := x + 1; c < cols; c++ {
			s := classScore(cellClass(cells[x]), cellClass(prev[c]))
			for b := x; b < c; b++ {
				if best[x-1][b] == none {
					continue
				}
				if v := best[x-1][b] + s - (c - b - 1); v > best[x][c] {
					best[x][c] = v
					from[x][c] = b
				}
			}
		}
	}
	end, top := -1, none
	for c := 1; c < cols; c++ {
		if best[k-1][c] > top {
			end, top = c, best[k-1][c]
		}
	}
	if end < 0 || top <= stay || top <= 0 {
		return nil, false
	}
	at := make([]int, k)
	for x, c := k-1, end; x >= 0; x-- {
		at[x] = c
		c = from[x][c]
	}
	return at, true
}

// shape classifies a leading cell: a serial number, a numbered item or text.
func shape(s string) string {
	switch {
	case isBareInt(s):
		return "serial"
	case reArabic.MatchString(s):
		return "numbered"
	}
	return "text"
}

// ---- tab tables ------------------------------------------------------------

func tabs(l string) int { return strings.Count(l, "\t") }

// tabTable reads consecutive lines with two or more tabs; blank lines between
// them (page breaks) do not end the table. Header rows repeated on every page
// are dropped; a cell keeps the column of its tab position.
func (p *parser) tabTable(i int) (*corpus.Table, int) {
	if tabs(p.lines[i]) < 2 || isBlank(p.lines[i]) {
		return nil, i
	}
	type row struct {
		fields []string
		line   int
	}
	var rows []row
	j := i
	for j < len(p.lines) {
		l := p.lines[j]
		if isBlank(l) {
			k := nextNonBlank(p.lines, j, 3)
			if k < 0 || tabs(p.lines[k]) < 2 {
				break
			}
			j = k
			continue
		}
		if tabs(l) < 2 {
			break
		}
		fields := strings.Split(l, "\t")
		for k := range fields {
			fields[k] = strings.TrimSpace(fields[k])
		}
		for len(fields) > 0 && fields[len(fields)-1] == "" {
			fields = fields[:len(fields)-1]
		}
		rows = append(rows, row{fields, j + 1})
		j++
	}
	if len(rows) < 2 {
		return nil, i
	}
	t := &corpus.Table{}
	var header [][]string
	for len(header) < 3 && len(header) < len(rows) && isHeaderRow(rows[len(header)].fields) {
		header = append(header, rows[len(header)].fields)
	}
	t.HeaderRows = len(header)
	r, cols := 0, 0
	for k, rw := range rows {
		if k >= len(header) && repeatedHeader(rw.fields, header) {
			continue
		}
		for c, f := range rw.fields {
			if f != "" {
				t.AddCell(cell(r, c, f, rw.line))
			}
		}
		cols = max(cols, len(rw.fields))
		r++
	}
	setExtent(t, r, cols)
	return t, j
}

// ---- cell-per-line tables led by tabs -------------------------------------

// cellLineTable reads a table whose cells each start on a line beginning with
// a tab; lines without the tab continue the cell. The first row (ended by a
// blank line before the next cell) is the header and fixes the number of
// columns N; later rows end when they hold N cells.
func (p *parser) cellLineTable(i int) (*corpus.Table, int) {
	if !strings.HasPrefix(p.lines[i], "\t") || tabs(p.lines[i]) >= 2 {
		return nil, i
	}
	led := 0
	for k := i; k < len(p.lines) && k < i+16; k++ {
		if strings.HasPrefix(p.lines[k], "\t") {
			led++
		}
	}
	if led < 4 {
		return nil, i
	}
	type acc struct {
		parts []string
		line  int
	}
	var rows [][]acc
	var cur []acc
	n, lastSerial := 0, 0
	flush := func() {
		if len(cur) > 0 {
			rows = append(rows, cur)
			if v, err := strconv.Atoi(strings.Join(cur[0].parts, "")); err == nil {
				lastSerial = v
			}
		}
		cur = nil
	}
	blank := false
	j := i
	for ; j < len(p.lines); j++ {
		l := p.lines[j]
		if strings.HasPrefix(l, "\t") {
			text := cleanLine(l)
			switch {
			case n == 0:
				if blank && len(cur) > 0 {
					n = len(cur)
					if n < 3 {
						return nil, i
					}
					flush()
				}
			case len(cur) >= n:
				flush()
			case blank && len(cur) >= 2 && isBareInt(text) && atoi(text) == lastSerial+1:
				flush()
			}
			a := acc{line: j + 1}
			if text != "" {
				a.parts = []string{text}
			}
			cur = append(cur, a)
			blank = false
			continue
		}
		if isBlank(l) {
			blank = true
			continue
		}
		if n == 0 && j-i > 64 {
			return nil, i // no header row in sight
		}
		if len(cur) == 0 || (blank && n > 0 && len(cur) >= n) {
			break
		}
		last := &cur[len(cur)-1]
		last.parts = append(last.parts, cleanLine(l))
		blank = false
	}
	if n == 0 {
		n = len(cur)
	}
	flush()
	if n < 3 || len(rows) < 2 {
		return nil, i
	}
	// Trailing blank lines belong to no one: resume at the first of them.
	for j > i && isBlank(p.lines[j-1]) && !strings.HasPrefix(p.lines[j-1], "\t") {
		j--
	}
	texts := func(row []acc, header bool) []string {
		out := make([]string, len(row))
		for k, a := range row {
			sep := "\n"
			if header && len(a.parts) > 1 {
				short := true
				for _, s := range a.parts {
					short = short && runeLen(s) <= 8
				}
				if short {
					sep = ""
				}
			}
			out[k] = strings.Join(a.parts, sep)
		}
		return out
	}
	t := &corpus.Table{}
	var header [][]string
	if h := texts(rows[0], true); isHeaderRow(h) {
		header = [][]string{h}
		t.HeaderRows = 1
	}
	r := 0
	for k, row := range rows {
		isHead := k < t.HeaderRows
		tx := texts(row, isHead)
		if !isHead && repeatedHeader(texts(row, true), header) {
			continue
		}
		for c, s := range tx {
			if s != "" {
				t.AddCell(cell(r, c, s, row[c].line))
			}
		}
		r++
	}
	setExtent(t, r, n)
	return t, j
}

func isBareInt(s string) bool { return reBareInt.MatchString(strings.TrimSpace(s)) }

func atoi(s string) int {
	v, _ := strconv.Atoi(strings.TrimSpace(s))
	return v
}

// ---- cell-per-line tables separated by blank lines ---------------------------

// para is a non-blank line with the number of blank lines before it.
type para struct {
	text   string
	line   int // 1-based
	blanks int
	empty  bool // stands for an empty cell (an extra blank line)
}

// nextPara returns the paragraph at or after line index j and the index after it.
func (p *parser) nextPara(j int) (para, int, bool) {
	blanks := 0
	for ; j < len(p.lines); j++ {
		if isBlank(p.lines[j]) {
			blanks++
			continue
		}
		return para{text: cleanLine(p.lines[j]), line: j + 1, blanks: blanks}, j + 1, true
	}
	return para{}, j, false
}

var reSubItem = regexp.MustCompile(`^([0-9]{1,2})[.．、]`)

// blankSepTable reads a table printed one cell a paragraph: a header of three
// or more short paragraphs starting with 序号, then rows that each open with a
// bare serial number. A run of two or more blank lines inside a row stands for
// an empty cell. A header printed without its 序号 (three or more paragraphs
// of column words right before the serial 1) gets an empty first column, and
// a header cell broken over paragraphs ("开工" / "时间", "总投资" / "(万元)")
// is joined.
func (p *parser) blankSepTable(i int) (*corpus.Table, int) {
	first := squeeze(p.lines[i])
	serialHead := first == "序号" || first == "编号" || first == "序"
	words := lineHeader(p.lines[i])
	if !serialHead && !isHeaderCell(p.lines[i]) && words == nil {
		return nil, i
	}
	header := []para{{text: cleanLine(p.lines[i]), line: i + 1}}
	j := i + 1
	if words != nil {
		// The header on one line, its words apart: "序号 工作任务 牵头单位".
		header = header[:0]
		for _, w := range words {
			header = append(header, para{text: w, line: i + 1})
		}
		serialHead = isSerialHeader(words[0])
	}
	for words == nil {
		q, nj, ok := p.nextPara(j)
		if !ok || q.blanks > 1 || isBareInt(q.text) || !isHeaderPiece(q.text) {
			break
		}
		header = append(header, q)
		j = nj
	}
	q, nj, ok := p.nextPara(j)
	if !ok || !isBareInt(q.text) || !serialHead && atoi(q.text) != 1 {
		return nil, i
	}
	if words != nil {
		// The blank lines between cells are those after the first serial.
		if q2, _, ok := p.nextPara(nj); ok {
			for k := range header[1:] {
				header[k+1].blanks = q2.blanks
			}
		}
	}
	header = joinHeaderPieces(header)
	if !serialHead {
		for _, h := range header {
			if !isHeaderCell(h.text) || isSerialHeader(h.text) {
				return nil, i // the table starts at its 序号
			}
		}
		// The serial column's header is not printed.
		header = append([]para{{line: header[0].line, empty: true}}, header...)
	}
	if len(header) < 3 || !serialHead && len(header) < 4 {
		return nil, i
	}
	// The blank lines between header cells are the gap between any two
	// cells (one for a web page, none for a cell-per-line print); more stand
	// for empty cells.
	gap := header[len(header)-1].blanks
	for _, h := range header[1:] {
		if !h.empty {
			gap = min(gap, h.blanks)
		}
	}
	n := len(header)
	heads := make([]string, n)
	for k, h := range header {
		heads[k] = h.text
	}
	t := &corpus.Table{HeaderRows: 1}
	for k, h := range header {
		if !h.empty {
			t.AddCell(cell(0, k, h.text, h.line))
		}
	}
	type row struct {
		serial para
		pieces []para
	}
	var rows []row
	serial := -1
	end := j
	for {
		q, nj, ok := p.nextPara(j)
		if !ok {
			break
		}
		if isBareInt(q.text) && (serial < 0 || atoi(q.text) == serial+1 || atoi(q.text) == serial) {
			serial = atoi(q.text)
			if len(rows) > 0 {
				rows[len(rows)-1].pieces = appendEmpties(rows[len(rows)-1].pieces, q, gap)
			}
			rows = append(rows, row{serial: q})
			j, end = nj, nj
			continue
		}
		if len(rows) == 0 || stopsTable(q.text) {
			break
		}
		last := &rows[len(rows)-1]
		last.pieces = appendEmpties(last.pieces, q, gap)
		last.pieces = append(last.pieces, q)
		j, end = nj, nj
	}
	if len(rows) == 0 {
		return nil, i
	}
	r := 1
	for _, rw := range rows {
		subs := assignRow(rw.pieces, heads)
		sc := cell(r, 0, rw.serial.text, rw.serial.line)
		if len(subs) > 1 {
			sc.RowSpan = len(subs)
		}
		t.AddCell(sc)
		for _, sub := range subs {
			for c := 1; c < n; c++ {
				if ps := sub[c]; len(ps) > 0 {
					t.AddCell(cell(r, c, joinPieces(ps, c == unitColumn(heads)), ps[0].line))
				}
			}
			r++
		}
	}
	setExtent(t, r, n)
	return t, end
}

// appendEmpties adds one empty-cell marker for each blank line before q
// beyond the gap that separates cells.
func appendEmpties(ps []para, q para, gap int) []para {
	for k := gap; k < q.blanks; k++ {
		ps = append(ps, para{empty: true, line: q.line})
	}
	return ps
}

// lineHeader returns the column words of a header printed on one line with
// spaces between its three or more words, or nil.
func lineHeader(l string) []string {
	f := strings.Fields(l)
	if len(f) < 3 || len(f) > 12 {
		return nil
	}
	for _, w := range f {
		if runeLen(w) < 2 || !isHeaderCell(w) {
			return nil
		}
	}
	return f
}

// joinHeaderPieces joins the pieces of a header cell broken over paragraphs:
// a piece without a column word ("开工", "竣工") with the next, a unit in
// parentheses ("(万元)") with the one before.
func joinHeaderPieces(header []para) []para {
	var out []para
	for k := 0; k < len(header); k++ {
		h := header[k]
		if n := len(out); n > 0 && (strings.HasPrefix(h.text, "(") || strings.HasPrefix(h.text, "（")) {
			out[n-1].text += h.text
			continue
		}
		if k+1 < len(header) && !isHeaderCell(h.text) && isHeaderCell(header[k+1].text) && runeLen(h.text) <= 4 {
			h.text += header[k+1].text
			k++
		}
		out = append(out, h)
	}
	return out
}

// isHeaderPiece reports a short header paragraph: ≤ 12 runes, no sentence
// punctuation.
func isHeaderPiece(s string) bool {
	return s != "" && runeLen(s) <= 12 && !strings.ContainsAny(s, "。，,；;")
}

// stopsTable reports a paragraph that cannot belong to a row: page furniture,
// a new attachment heading, a new table's header or caption.
func stopsTable(s string) bool {
	if len(s) > 240 {
		return false // furniture, headings and captions are short
	}
	if isFurniture(s) || reAttachment.MatchString(s) {
		return true
	}
	if sq := squeeze(s); sq == "序号" || sq == "编号" {
		return true
	}
	if isTitleText(s) && strings.HasSuffix(trimTrailParen(s), "表") {
		return true
	}
	return false
}

// unitColumn returns the column whose header names units (单位), or -1.
func unitColumn(heads []string) int {
	u := -1
	for k, h := range heads {
		if k > 0 && strings.Contains(squeeze(h), "单位") {
			u = k
		}
	}
	return u
}

// collectorColumn returns the column that gathers surplus paragraphs: the
// progress column by its header words, else the first of cols.
func collectorColumn(heads []string, cols []int) int {
	for _, c := range cols {
		h := squeeze(heads[c])
		for _, w := range []string{"完成情况", "进展", "实施情况", "进度"} {
			if strings.Contains(h, w) {
				return c
			}
		}
	}
	if len(cols) > 0 {
		return cols[0]
	}
	return -1
}

// assignRow maps the paragraphs of one row (after its serial number) to the
// columns 1..N-1 of the header. It returns one map per sub-row: a row that
// repeats its columns after a run of unit names (附件2 "1. … 市体育事业发展中心
// 2. … 市住建局") splits into sub-rows sharing the serial cell.
func assignRow(pieces []para, heads []string) []map[int][]para {
	n := len(heads)
	items := pieces
	for len(items) > 0 && items[len(items)-1].empty {
		items = items[:len(items)-1]
	}
	u := unitColumn(heads)
	isU := unitRuns(items)
	if subs := splitSubRows(items, isU); len(subs) > 1 {
		var out []map[int][]para
		for _, s := range subs {
			out = append(out, assignRow(s, heads)...)
		}
		return out
	}
	if len(items) < n-1 && len(pieces) == n-1 {
		items = pieces // trailing empty cells counted
		isU = unitRuns(items)
	}
	if len(items) == n-1 {
		units := 0
		for _, x := range isU {
			if x {
				units++
			}
		}
		if u < 0 || units == 0 || (units == 1 && (isU[u-1] || items[u-1].empty)) {
			return []map[int][]para{directRow(items)}
		}
	}
	return []map[int][]para{roleRow(items, heads, isU)}
}

func directRow(items []para) map[int][]para {
	m := map[int][]para{}
	for k, it := range items {
		if !it.empty {
			m[k+1] = []para{it}
		}
	}
	return m
}

// unitRuns marks the items after the first that read as unit names, and the
// short pieces of a unit name broken over two lines ("玉环经济" / "开发区").
func unitRuns(items []para) []bool {
	isU := make([]bool, len(items))
	for k := 1; k < len(items); k++ {
		isU[k] = !items[k].empty && isUnitName(items[k].text)
	}
	for k := len(items) - 2; k >= 1; k-- {
		if !isU[k] && !items[k].empty && isUnitFragment(items[k].text) && isU[k+1] && !hasUnitPrefix(items[k+1].text) {
			isU[k] = true
		}
	}
	return isU
}

// splitSubRows cuts a row after each run of unit names that is followed by
// more text and, later, another run of unit names: each part is a sub-row
// with its own columns.
func splitSubRows(items []para, isU []bool) [][]para {
	var out [][]para
	start := 0
	for k := 1; k+1 < len(items); k++ {
		if !isU[k] || isU[k+1] {
			continue
		}
		text, later := false, false
		for j := k + 1; j < len(items); j++ {
			if isU[j] {
				later = text
				break
			}
			text = text || !items[j].empty
		}
		if later {
			out = append(out, items[start:k+1])
			start = k + 1
		}
	}
	if len(out) == 0 {
		return nil
	}
	return append(out, items[start:])
}

func subNumber(p para) int {
	if p.empty {
		return 0
	}
	m := reSubItem.FindStringSubmatch(p.text)
	if m == nil {
		return 0
	}
	return atoi(m[1])
}

// roleRow assigns the paragraphs of a row by what the columns hold: the first
// is the item's name, a run of unit names near the end is the unit column, and
// the paragraphs between are shared by the text columns (progress, problems).
func roleRow(items []para, heads []string, isU []bool) map[int][]para {
	n := len(heads)
	m := map[int][]para{}
	if len(items) == 0 || n < 2 {
		return m
	}
	if !items[0].empty {
		m[1] = []para{items[0]}
	}
	u := unitColumn(heads)
	var mid []int
	for c := 2; c < n; c++ {
		if c != u {
			mid = append(mid, c)
		}
	}
	middle, after := items[1:], []para(nil)
	if u > 1 {
		e := -1
		for k := len(items) - 1; k >= 1; k-- {
			if isU[k] {
				e = k
				break
			}
		}
		if e >= 1 {
			s := e
			for s-1 >= 1 && isU[s-1] {
				s--
			}
			m[u] = items[s : e+1]
			middle = items[1:s]
			for _, it := range items[e+1:] {
				if !it.empty {
					after = append(after, it)
				}
			}
		}
	}
	if len(mid) == 0 {
		if len(after) > 0 && u > 0 {
			m[u] = append(m[u], after...)
		}
		return m
	}
	if before, later := splitAt(mid, u); len(before) > 0 && fieldsAfterUnits(after, later) {
		// Short fields after the units (dates, amounts), then the progress:
		// one column each.
		distribute(m, middle, before)
		for k, it := range after {
			m[later[k]] = append(m[later[k]], it)
		}
		return m
	}
	distribute(m, middle, mid)
	if len(after) > 0 {
		// Text after the units continues the progress, except a closing run
		// of problem paragraphs when the problems column is still empty.
		c := collectorColumn(heads, mid)
		last := mid[len(mid)-1]
		if last != c && len(m[last]) == 0 {
			k := len(after)
			for k > 0 && isProblem(after[k-1].text) {
				k--
			}
			m[last] = append(m[last], after[k:]...)
			after = after[:k]
		}
		m[c] = append(m[c], after...)
	}
	return m
}

// splitAt splits columns into those before u and those after it.
func splitAt(cols []int, u int) (before, after []int) {
	for _, c := range cols {
		if c < u {
			before = append(before, c)
		} else {
			after = append(after, c)
		}
	}
	return before, after
}

// fieldsAfterUnits reports paragraphs after the unit names that fill the
// columns after the unit column one each: three columns or more, no more
// paragraphs than columns, every paragraph but the last a short field.
func fieldsAfterUnits(after []para, cols []int) bool {
	if len(cols) < 3 || len(after) < 2 || len(after) > len(cols) {
		return false
	}
	for _, it := range after[:len(after)-1] {
		if runeLen(it.text) > 16 || strings.ContainsAny(it.text, "。；;，,") {
			return false
		}
	}
	return true
}

// distribute shares the middle paragraphs of a row among the text columns.
// All but the last two columns take one paragraph each; the last two (progress
// and problems) split the rest where an empty cell, a new "1." list or a run
// of problem paragraphs says, else the last paragraph is the problems.
func distribute(m map[int][]para, items []para, cols []int) {
	put := func(c int, ps []para) {
		for _, it := range ps {
			if !it.empty {
				m[c] = append(m[c], it)
			}
		}
	}
	if len(items) <= len(cols) {
		for k, it := range items {
			c := cols[k]
			if k == len(items)-1 && len(items) < len(cols) && k == 0 && isProblem(it.text) && !isProgress(it.text) {
				c = cols[len(cols)-1] // a lone problem paragraph
			}
			put(c, []para{it})
		}
		return
	}
	if len(cols) == 1 {
		put(cols[0], items)
		return
	}
	for k := 0; k < len(cols)-2; k++ {
		put(cols[k], items[k:k+1])
	}
	rest := items[len(cols)-2:]
	a, b := cols[len(cols)-2], cols[len(cols)-1]
	split := splitPoint(rest)
	put(a, rest[:split])
	put(b, rest[split:])
}

var problemWords = []string{"问题", "建议", "困难", "滞后", "不足", "难以", "缓慢", "制约", "短板", "瓶颈", "偏慢", "尚未", "未能", "影响"}

func splitPoint(rest []para) int {
	last := len(rest) - 1
	if rest[last].empty {
		return last
	}
	if rest[0].empty {
		return 1
	}
	for k := 1; k < last; k++ {
		if rest[k].empty {
			return k
		}
	}
	for k := 1; k <= last; k++ {
		if subNumber(rest[k]) == 1 {
			return k
		}
	}
	for k := 1; k <= last; k++ {
		all := true
		for _, it := range rest[k:] {
			all = all && isProblem(it.text)
		}
		if all {
			return k
		}
	}
	return last
}

// isProgress reports a paragraph that reports progress.
func isProgress(s string) bool {
	for _, w := range []string{"完成", "已", "累计", "截至", "开展", "启动", "推进"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// isProblem reports a paragraph that states a problem or a suggestion.
func isProblem(s string) bool {
	for _, w := range problemWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// unitSuffixes end the names of government bodies.
var unitSuffixes = []string{"局", "办", "委", "会", "院", "部", "中心", "集团", "公司", "区", "镇", "乡", "街道", "室",
	"站", "社", "所", "队", "厅", "团", "馆", "联", "行", "处", "司", "组", "府", "科", "校", "园", "协", "署", "厂", "场", "办公室", "指挥部"}

var unitPrefixes = []string{"市", "县", "区", "省", "各", "中共", "共青团", "团"}

func stripParens(s string) string {
	for {
		t := strings.TrimSpace(trimTrailParen(s))
		if t == s || t == "" {
			return s
		}
		s = t
	}
}

func hasUnitPrefix(s string) bool {
	for _, x := range unitPrefixes {
		if strings.HasPrefix(s, x) {
			return true
		}
	}
	return false
}

// isUnitFragment reports a short piece of text that may be the first half of
// a unit name broken over two lines.
func isUnitFragment(s string) bool {
	if s == "" || runeLen(s) > 8 || strings.ContainsAny(s, "。；;，,:：%％、") || !hasHan(s) {
		return false
	}
	r := []rune(s)[0]
	return !unicode.IsDigit(r) && r != '(' && r != '（'
}

func hasUnitSuffix(s string) bool {
	s = stripParens(s)
	for _, x := range unitSuffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// isUnitName reports a paragraph that reads as a unit's name (or a piece of
// one broken over lines): short, no punctuation of a sentence, not numbered,
// ending in a unit word or starting like one.
func isUnitName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || runeLen(s) > 25 || strings.ContainsAny(s, "。；;，,:：%％") {
		return false
	}
	r := []rune(s)[0]
	if r == '(' || r == '（' || (r >= '①' && r <= '⑳') || reNumberish.MatchString(s) {
		return false
	}
	if _, ok := parseListItem(s); ok {
		return false
	}
	if hasUnitSuffix(s) {
		// "228国道清港连接线工程推进小组" is a name; "10个公园" is not.
		return !unicode.IsDigit(r) || runeLen(s) >= 8
	}
	return runeLen(s) <= 8 && hasUnitPrefix(s)
}

// unitTail are words that only end a unit name, never start one.
var unitTail = map[string]bool{"办公室": true, "分局": true, "指挥部": true, "发展中心": true, "中心": true, "管理局": true, "领导小组": true}

// joinPieces joins a cell's paragraphs: unit names with "、" (a name broken
// over two lines is joined back without one), other text with newlines.
func joinPieces(ps []para, units bool) string {
	var b strings.Builder
	for k, it := range ps {
		if it.empty {
			continue
		}
		if k > 0 && b.Len() > 0 {
			if units {
				prev := ps[k-1].text
				if !(runeLen(prev) <= 8 && !hasUnitSuffix(prev)) && !unitTail[it.text] {
					b.WriteString("、")
				}
			} else {
				b.WriteString("\n")
			}
		}
		b.WriteString(it.text)
	}
	return b.String()
}

// ---- one cell a line, each closed by a pipe --------------------------------

// pipeCell is a cell of a table printed one cell a line, "牵头单位 |".
type pipeCell struct {
	text string
	line int  // 1-based
	cut  bool // the text stops inside it
}

// cell makes the table cell of pc at row r, column c.
func (pc pipeCell) cell(r, c int) corpus.Cell {
	x := cell(r, c, pc.text, pc.line)
	if pc.cut {
		x.Flags = appendFlags(x.Flags, corpus.FlagTruncated)
	}
	return x
}

// pipeCells reads the cells printed one a line from line i: each cell ends
// with a line closed by a pipe; up to six lines before it without one are
// the start of the cell ("4" over "|", the first points of a progress cell). A blank line, a pipe row or text
// that no pipe closes ends them; it returns the cells and the line after
// the last.
func (p *parser) pipeCells(i int) ([]pipeCell, int) {
	var cells []pipeCell
	var open []string
	openLine := 0
	end := i
	for j := i; j < len(p.lines); j++ {
		l := strings.TrimSpace(p.lines[j])
		if l == "" || isPipeRow(l) || strings.Count(l, "|") > 1 {
			break
		}
		if !strings.HasSuffix(l, "|") {
			if strings.Contains(l, "|") || len(open) >= 6 || len(cells) == 0 && len(open) >= 2 {
				break
			}
			if len(open) == 0 {
				openLine = j + 1
			}
			open = append(open, cleanLine(l))
			continue
		}
		text := strings.TrimSpace(strings.TrimSuffix(l, "|"))
		line := j + 1
		if len(open) > 0 {
			text = strings.TrimSpace(strings.Join(append(open, cleanLine(text)), "\n"))
			line = openLine
		}
		cells = append(cells, pipeCell{text: cleanLine(text), line: line})
		open = nil
		end = j + 1
	}
	if len(open) > 0 && len(cells) > 0 {
		// The text stops inside a cell, before its pipe.
		last := openLine - 1 + len(open)
		rest := true
		for _, l := range p.lines[last:] {
			rest = rest && isBlank(l)
		}
		if rest {
			cells = append(cells, pipeCell{text: strings.Join(open, "\n"), line: openLine, cut: true})
			end = last
		}
	}
	return cells, end
}

// moreHeaderWords name columns of tables by place and of figures.
var moreHeaderWords = []string{"市州", "地区", "县区", "区县", "率", "比例", "累计", "标准"}

// isHeaderCell reports a cell that can be a column header: short, no
// sentence, no number, made of header words.
func isHeaderCell(s string) bool {
	sq := squeeze(s)
	if sq == "" || runeLen(sq) > 16 || strings.ContainsAny(sq, "。；;，,") || reNumberish.MatchString(sq) {
		return false
	}
	if hasHeaderWord(sq) {
		return true
	}
	for _, w := range moreHeaderWords {
		if strings.Contains(sq, w) {
			return true
		}
	}
	return false
}

// serialStride returns the distance between the serials 1, 2 and 3 opening
// the cells, when both are the same, else 0.
func serialStride(cells []pipeCell) int {
	if len(cells) == 0 || cells[0].text != "1" {
		return 0
	}
	at := []int{0}
	for k := 1; k < len(cells) && len(at) < 3; k++ {
		if cells[k].text == strconv.Itoa(len(at)+1) {
			at = append(at, k)
		}
	}
	if len(at) < 3 || at[1] != at[2]-at[1] {
		return 0
	}
	return at[1]
}

// isTotalRow reports a row of a label without figures (合计, 全省) and
// numbers.
func isTotalRow(row []pipeCell) bool {
	if l := squeeze(row[0].text); runeLen(l) > 6 || !hasHan(l) || strings.ContainsAny(l, "0123456789") {
		return false
	}
	nums := 0
	for _, pc := range row[1:] {
		switch cellClass(pc.text) {
		case "num", "pct":
			nums++
		case "":
		default:
			return false
		}
	}
	return nums >= 2
}

// isParenNote reports a note in parentheses printed under a header: "(万元)".
func isParenNote(s string) bool {
	s = squeeze(s)
	return runeLen(s) <= 10 && (strings.HasPrefix(s, "(") || strings.HasPrefix(s, "（"))
}

func pipeParas(cells []pipeCell) []para {
	out := make([]para, len(cells))
	for k, c := range cells {
		out[k] = para{text: c.text, line: c.line}
	}
	return out
}

func isSerialHeader(s string) bool {
	switch squeeze(s) {
	case "序号", "编号", "序":
		return true
	}
	return false
}

// pipeCellTable reads a table printed one cell a line, each line closed by a
// pipe ("序号 |" / "项目名称 |" / … / "1 |" / …): a header of N cells made of
// header words, then rows of N cells. When the first column is a serial
// number, rows open with 1, 2, 3…; cells between a full row and the next
// serial continue the item above (a second task of the same item): they
// start in the task column, and the item's other cells span them.
func (p *parser) pipeCellTable(i int) (*corpus.Table, int) {
	if !isPipeCellLine(p.lines[i]) || !isHeaderCell(strings.TrimSuffix(strings.TrimSpace(p.lines[i]), "|")) {
		return nil, i
	}
	cells, end := p.pipeCells(i)
	h := 0
	for h < len(cells) && h < 24 {
		x := cells[h].text
		joins := h+1 < len(cells) && isHeaderCell(cells[h+1].text) && runeLen(x) <= 4 && !isBareInt(x) && x != ""
		if !isHeaderCell(x) && !isParenNote(x) && !joins {
			break
		}
		h++
	}
	if pieces := joinHeaderPieces(pipeParas(cells[:h])); len(pieces) < h {
		// A header cell broken over lines ("开工 |" / "时间 |"): the header
		// has as many columns as joined cells.
		merged := make([]pipeCell, 0, len(cells)-h+len(pieces))
		for _, q := range pieces {
			merged = append(merged, pipeCell{text: q.text, line: q.line})
		}
		cells = append(merged, cells[h:]...)
		h = len(pieces)
	}
	if h < 3 || len(cells) < 2*h {
		return nil, i
	}
	heads := make([]string, h)
	for k := range heads {
		heads[k] = cells[k].text
	}
	if !isHeaderRow(heads) {
		return nil, i
	}
	serial := isSerialHeader(heads[0])
	if serial && !isBareInt(cells[h].text) {
		return nil, i
	}
	t := &corpus.Table{HeaderRows: 1}
	first := h // the first data cell
	lead := 0
	if !serial && serialStride(cells[h:]) == h+1 {
		// Rows open with serials 1, 2, 3… one cell wider than the header:
		// the serial column's header is not printed.
		serial, lead = true, 1
		heads = append([]string{""}, heads...)
	}
	for k, c := range cells[:h] {
		t.AddCell(cell(0, k+lead, c.text, c.line))
	}
	h += lead
	// Cut the data cells into rows.
	var rows [][]pipeCell
	last := 0
	isNext := func(s string) bool { return isBareInt(s) && atoi(s) == last+1 }
	runEnd := first // the end of the run of cells read as whole rows
	totalAt := -1   // where a total row short of its serial cell starts
	for k := first; k < len(cells); {
		n := min(h, len(cells)-k)
		if k == totalAt {
			n = h - 1
		} else if serial && isBareInt(cells[k].text) {
			last = atoi(cells[k].text)
		} else if serial && len(rows) > 0 && k >= runEnd {
			// A run up to the next serial: a continuation of the item above,
			// unless it makes whole rows of their own (a total: 全省 | …),
			// maybe ending with a total whose label covers two columns.
			m := 0
			for k+m < len(cells) && !isNext(cells[k+m].text) {
				m++
			}
			runEnd = k + m
			body := m
			if m >= h-1 && isTotalRow(cells[k+m-(h-1):k+m]) {
				body = m - (h - 1)
				totalAt = k + body
			}
			switch {
			case body == 0:
				n = h - 1
			case body%h != 0:
				n = body % h // then whole rows of their own, if any
			}
		}
		rows = append(rows, cells[k:k+n])
		k += n
	}
	item := itemColumn(heads)
	if item < 1 {
		item = 1
	}
	var anchors []int // the cell anchoring each column of the last full row
	r := 1
	for _, row := range rows {
		if len(row) == h || !serial || isBareInt(row[0].text) || len(anchors) == 0 {
			anchors = make([]int, h)
			for c := range anchors {
				anchors[c] = -1
			}
			for c, pc := range row {
				if pc.text != "" {
					t.AddCell(pc.cell(r, c))
					anchors[c] = len(t.Cells) - 1
				}
			}
			r++
			continue
		}
		if len(row) == h-1 && isTotalRow(row) {
			// A total (全省 | 1500 | …) whose label covers the serial and
			// name columns.
			anchors = make([]int, h)
			for c := range anchors {
				anchors[c] = -1
			}
			for c, pc := range row {
				if pc.text == "" {
					continue
				}
				x := pc.cell(r, c+1)
				if c == 0 {
					x.Col, x.ColSpan = 0, 2
				}
				t.AddCell(x)
			}
			r++
			continue
		}
		start := min(item, h-len(row))
		for c, a := range anchors {
			if a >= 0 && (c < start || c >= start+len(row)) {
				t.Cells[a].RowSpan = r - t.Cells[a].Row + 1
			}
		}
		for c, pc := range row {
			anchors[start+c] = -1
			if pc.text != "" {
				t.AddCell(pc.cell(r, start+c))
				anchors[start+c] = len(t.Cells) - 1
			}
		}
		r++
	}
	setExtent(t, r, h)
	return t, end
}

// ---- one row a line, cells apart by spaces ----------------------------------

// reSpaceRow opens a row printed on one line: its serial, then its cells with
// spaces between them ("3 新建公园2个。 县住建局 已完工。"; the repair may have
// joined the serial to the first cell).
var reSpaceRow = regexp.MustCompile(`^([0-9]{1,3})\s*(\p{Han}.*)$`)

// spaceRowStart reads line j as the row of serial want: the fields after the
// serial, or nil.
func (p *parser) spaceRowStart(j, want int) []para {
	m := reSpaceRow.FindStringSubmatch(strings.TrimSpace(p.lines[j]))
	if m == nil || atoi(m[1]) != want {
		return nil
	}
	var out []para
	for _, f := range strings.Fields(m[2]) {
		out = append(out, para{text: f, line: j + 1})
	}
	return out
}

// isGroupHeading reports a line that heads a group of rows inside a table:
// "一、经济发展", "(二)民生保障".
func isGroupHeading(t string) bool {
	lvl, ok := headingLevel(t)
	return ok && lvl <= 2 && (reHanSection.MatchString(t) || reHanParen.MatchString(t))
}

// spaceRowTables reads a table printed one row a line under a header line of
// column words ("序号 目标任务 责任单位 推进情况"), the cells of a row apart
// by spaces ("1 …增长6%以上。 区发改委 …增长2.9%。"). A cell may go on over
// the lines after its row (several units one a line, then the progress). The
// group headings between rows ("一、主要预期目标") stay headings: the rows
// under each make a table of their own with the header repeated. It adds the
// blocks itself and returns the line after the last row, or i.
func (p *parser) spaceRowTables(i int) int {
	words := lineHeader(p.lines[i])
	if words == nil || !isSerialHeader(words[0]) {
		return i
	}
	n := len(words)
	// The first row, perhaps under group headings.
	var heads []int
	j := i + 1
	for ; j < len(p.lines); j++ {
		t := cleanLine(p.lines[j])
		if t == "" {
			continue
		}
		if isGroupHeading(t) {
			heads = append(heads, j)
			continue
		}
		break
	}
	if j >= len(p.lines) || len(p.spaceRowStart(j, 1)) < 2 {
		return i
	}
	type row struct {
		serial para
		lines  [][]para // the fields of each line of the row
	}
	type segment struct {
		heads []int // the group headings above the rows
		start int
		rows  []row
	}
	segs := []segment{{heads: heads, start: j}}
	if len(heads) == 0 {
		segs[0].start = i
	}
	serial := 0
	end := j
	var pending []int // group headings not yet followed by a row
	for ; j < len(p.lines); j++ {
		raw := p.lines[j]
		t := cleanLine(raw)
		if t == "" {
			continue
		}
		if fs := p.spaceRowStart(j, serial+1); fs != nil {
			serial++
			if len(pending) > 0 {
				segs = append(segs, segment{heads: pending, start: j})
				pending = nil
			}
			s := &segs[len(segs)-1]
			s.rows = append(s.rows, row{serial: para{text: strconv.Itoa(serial), line: j + 1}, lines: [][]para{fs}})
			end = j + 1
			continue
		}
		if isGroupHeading(t) {
			pending = append(pending, j)
			continue
		}
		if len(pending) > 0 || stopsTable(t) || isTitleText(t) || isPipeRow(raw) || tabs(raw) > 0 {
			break
		}
		last := &segs[len(segs)-1].rows[len(segs[len(segs)-1].rows)-1]
		if ps := fillSpaceRow(last.lines, n, unitColumn(words))[n-1]; len(ps) > 0 && !unfinished(ps[len(ps)-1].text) && isBlank(p.lines[j-1]) {
			break // the row is full and the text goes on after a break
		}
		var fs []para
		for _, f := range strings.Fields(t) {
			fs = append(fs, para{text: f, line: j + 1})
		}
		last.lines = append(last.lines, fs)
		end = j + 1
	}
	u := unitColumn(words)
	for _, s := range segs {
		for _, h := range s.heads {
			p.textLine(h)
		}
		t := &corpus.Table{HeaderRows: 1}
		for k, w := range words {
			t.AddCell(cell(0, k, w, i+1))
		}
		for r, rw := range s.rows {
			t.AddCell(cell(r+1, 0, rw.serial.text, rw.serial.line))
			cols := fillSpaceRow(rw.lines, n, u)
			for c := 1; c < n; c++ {
				if ps := cols[c]; len(ps) > 0 {
					t.AddCell(cell(r+1, c, joinPieces(ps, c == u), ps[0].line))
				}
			}
		}
		setExtent(t, len(s.rows)+1, n)
		p.addTable(t, s.start)
		if s.start != i {
			// The table stands where its rows start, under its headings.
			b := &p.blocks[len(p.blocks)-1]
			b.Span = corpus.Span{Page: p.page(s.start + 1), Line: s.start + 1}
		}
	}
	return end
}

// unfinished reports a cell's text that stops inside a sentence: "…12公里,".
func unfinished(s string) bool {
	return strings.HasSuffix(s, ",") || strings.HasSuffix(s, "，") || strings.HasSuffix(s, "、")
}

// fillSpaceRow puts the fields of a row's lines under columns 1..n-1: the
// fields of its first line one a column; on the lines after, a unit name goes
// on in the unit column (u) while that is the column reached, text after an
// unfinished clause (ending in "，" or "、") goes on in its column, and any
// other field takes the next column. Fields beyond the last column join it,
// after a space when on the same line.
func fillSpaceRow(lines [][]para, n, u int) map[int][]para {
	cols := map[int][]para{}
	c := 0
	for li, fs := range lines {
		for k, f := range fs {
			if c > 0 && li > 0 && k == 0 {
				if c == u && isUnitName(f.text) || unfinished(cols[c][len(cols[c])-1].text) {
					cols[c] = append(cols[c], f)
					continue
				}
			}
			if c < n-1 {
				c++
			} else if k > 0 {
				// A space inside the last cell's text on the same line.
				last := &cols[c][len(cols[c])-1]
				last.text += " " + f.text
				continue
			}
			cols[c] = append(cols[c], f)
		}
	}
	return cols
}

// ---- one row a line, cells glued without separators ------------------------

// columnNames are whole column headers of the genre, to cut a header printed
// with its words glued ("序号重点工作工作推进情况牵头单位责任单位").
var columnNames = []string{"序号", "编号", "重点工作", "工作推进情况", "推进情况", "进展情况", "完成情况", "推进落实情况",
	"牵头单位", "责任单位", "配合单位", "协办单位", "责任部门", "牵头部门", "内容与要求", "工作内容", "工作任务", "目标任务",
	"重点任务", "项目名称", "建设内容", "完成时限", "时间节点", "责任领导", "牵头领导", "备注"}

// gluedHeader cuts a line of column names glued together into the names, the
// first a serial header; nil unless every rune belongs to a name.
func gluedHeader(l string) []string {
	s := []rune(squeeze(l))
	if len(s) < 8 || len(s) > 60 {
		return nil
	}
	// cut[k] holds the names covering s[:k], or nil when none do.
	cut := make([][]string, len(s)+1)
	cut[0] = []string{}
	for k := 0; k < len(s); k++ {
		if cut[k] == nil {
			continue
		}
		for _, name := range columnNames {
			r := []rune(name)
			if k+len(r) <= len(s) && string(s[k:k+len(r)]) == name && cut[k+len(r)] == nil {
				cut[k+len(r)] = append(append([]string{}, cut[k]...), name)
			}
		}
	}
	names := cut[len(s)]
	if len(names) < 3 || !isSerialHeader(names[0]) {
		return nil
	}
	return names
}

// reGluedRow opens a row whose serial is glued to its first cell: "2着力推进…".
var reGluedRow = regexp.MustCompile(`^([0-9]{1,3})(\p{Han}.*)$`)

// isUnitsColumn reports a column header naming units or leaders.
func isUnitsColumn(h string) bool {
	return strings.HasSuffix(h, "单位") || strings.HasSuffix(h, "部门")
}

// gluedTable reads a table printed one row a line with nothing between its
// cells: a header of column names glued together, then rows that open with
// the serials 1, 2, 3 glued to the text. The unit columns at the right take
// the unit names after the row's last sentence ("…发展态势。市住建委团风县、
// 英山县人民政府": the first name leads, the rest are the next column's); of
// two text columns the first takes the row's first sentence (the task) and
// the second the rest (its progress).
func (p *parser) gluedTable(i int) (*corpus.Table, int) {
	heads := gluedHeader(p.lines[i])
	if heads == nil {
		return p.inlineGluedTable(i)
	}
	t, text, unitCols := gluedTableHead(heads, i+1)
	if t == nil {
		return nil, i
	}
	n := len(heads)
	r, end := 1, i
	for j := i + 1; j < len(p.lines); j++ {
		l := cleanLine(p.lines[j])
		if l == "" {
			continue
		}
		m := reGluedRow.FindStringSubmatch(l)
		if m == nil || atoi(m[1]) != r {
			break
		}
		addGluedRow(t, r, m[2], j+1, text, unitCols)
		r++
		end = j + 1
	}
	if r < 2 {
		return nil, i
	}
	setExtent(t, r, n)
	return t, end
}

// gluedTableHead starts a glued table with its header row, and tells which
// columns take the text and which the unit names; nil when the columns are
// not text columns followed by unit columns.
func gluedTableHead(heads []string, line int) (t *corpus.Table, text, unitCols []int) {
	for k, h := range heads[1:] {
		if isUnitsColumn(h) {
			unitCols = append(unitCols, k+1)
		} else if len(unitCols) == 0 {
			text = append(text, k+1)
		} else {
			return nil, nil, nil // the unit columns end the row
		}
	}
	if len(text) == 0 || len(text) > 2 {
		return nil, nil, nil
	}
	t = &corpus.Table{HeaderRows: 1}
	for k, h := range heads {
		t.AddCell(cell(0, k, h, line))
	}
	return t, text, unitCols
}

// inlineGluedTable reads a glued table flattened into one line of running
// text, as pages copied without their markup are: "…工作分工序号内容与要求
// 责任单位1确保…增长7%以上。市发改委2高质量完成…". The text before the header
// is a paragraph of its own; each row ends where its unit names, after its
// last sentence, meet the next serial.
func (p *parser) inlineGluedTable(i int) (*corpus.Table, int) {
	l := cleanLine(p.lines[i])
	for at := 0; ; {
		k := strings.Index(l[at:], "序号")
		if k < 0 {
			return nil, i
		}
		k += at
		at = k + len("序号")
		heads, rest := gluedHeaderPrefix(l[k:])
		if len(heads) < 3 || !strings.HasPrefix(rest, "1") {
			continue
		}
		t, text, unitCols := gluedTableHead(heads, i+1)
		if t == nil || len(unitCols) == 0 {
			continue
		}
		rows := gluedRows(rest)
		if len(rows) < 1 {
			continue
		}
		for r, body := range rows {
			addGluedRow(t, r+1, body, i+1, text, unitCols)
		}
		setExtent(t, len(rows)+1, len(heads))
		if before := strings.TrimSpace(l[:k]); before != "" {
			p.add(corpus.Block{Kind: corpus.Paragraph, Text: before, Span: corpus.Span{Line: i + 1, Page: p.page(i + 1)}})
		}
		return t, i + 1
	}
}

// gluedHeaderPrefix reads the column names glued at the start of s, the
// longest run of them, and returns them with the text after them.
func gluedHeaderPrefix(s string) ([]string, string) {
	var names []string
	rest := s
	for {
		best := ""
		for _, name := range columnNames {
			if strings.HasPrefix(rest, name) && len(name) > len(best) {
				best = name
			}
		}
		if best == "" {
			return names, rest
		}
		names = append(names, best)
		rest = rest[len(best):]
	}
}

// gluedRows cuts the rows of an inline glued table: row r opens with the
// serial r glued to its text, and a row after the first opens only where the
// one before ends a sentence and then names its units.
func gluedRows(s string) []string {
	var rows []string
	r := 1
	body, ok := strings.CutPrefix(s, "1")
	if !ok {
		return nil
	}
	for {
		next := strconv.Itoa(r + 1)
		cut := -1
		for from := 0; cut < 0; {
			k := strings.Index(body[from:], next)
			if k < 0 {
				break
			}
			k += from
			from = k + len(next)
			after, _ := utf8.DecodeRuneInString(body[k+len(next):])
			before, _ := utf8.DecodeLastRuneInString(body[:k])
			if !unicode.Is(unicode.Han, after) || unicode.IsDigit(before) {
				continue
			}
			if head, tail := lastSentence(body[:k]); head != "" && isUnitTail(tail) {
				cut = k
			}
		}
		if cut < 0 {
			return append(rows, body)
		}
		rows = append(rows, body[:cut])
		body = body[cut+len(next):]
		r++
	}
}

// lastSentence splits s after its last sentence end (。；;): the text up to
// it and what follows, or "", s when there is none.
func lastSentence(s string) (string, string) {
	cut := strings.LastIndexAny(s, "。；;")
	if cut < 0 {
		return "", s
	}
	_, size := utf8.DecodeRuneInString(s[cut:])
	return s[:cut+size], s[cut+size:]
}

// addGluedRow adds row r of a glued table: its serial, its text cut into the
// text columns and its unit names into the unit columns.
func addGluedRow(t *corpus.Table, r int, body string, line int, text, unitCols []int) {
	t.AddCell(cell(r, 0, strconv.Itoa(r), line))
	units := ""
	if len(unitCols) > 0 {
		if head, tail := lastSentence(body); head != "" && isUnitTail(tail) {
			units, body = tail, head
		}
	}
	if len(text) == 2 {
		task, rest := body, ""
		if k := strings.Index(body, "。"); k >= 0 {
			task, rest = body[:k+len("。")], body[k+len("。"):]
		}
		t.AddCell(cell(r, text[0], task, line))
		if rest != "" {
			t.AddCell(cell(r, text[1], rest, line))
		}
	} else if body != "" {
		t.AddCell(cell(r, text[0], body, line))
	}
	if units != "" {
		for k, u := range splitUnitTail(units, len(unitCols)) {
			t.AddCell(cell(r, unitCols[k], u, line))
		}
	}
}

// isUnitTail reports the text after a row's last sentence that names its
// units: short, no figures, no sentence, a unit name at its end.
func isUnitTail(s string) bool {
	return s != "" && runeLen(s) <= 60 && !strings.ContainsAny(s, "0123456789,，:：%\ufffd") && hasUnitPrefix(s) && hasUnitSuffix(s)
}

// reUnitStart opens a unit name: a level (市, 县, 区…) or a place named
// with one ("团风县"), whose name holds no unit word.
var reUnitStart = regexp.MustCompile(`^(?:[市县区省各]|[^局委办府会院部社所站厅处司组科校馆中心、]{1,3}[市县区镇乡])`)

// splitUnitTail cuts glued unit names into at most cols cells: each cell but
// the last takes the first name, where a unit word ends and another name
// starts; the last cell takes the rest.
func splitUnitTail(s string, cols int) []string {
	var out []string
	rs := []rune(s)
	for len(out) < cols-1 {
		cut := -1
		for k := 3; k < len(rs)-1; k++ {
			if hasUnitSuffix(string(rs[:k])) && reUnitStart.MatchString(string(rs[k:])) && rs[k] != '、' {
				cut = k
				break
			}
		}
		if cut < 0 {
			break
		}
		out = append(out, string(rs[:cut]))
		rs = rs[cut:]
	}
	return append(out, string(rs))
}
