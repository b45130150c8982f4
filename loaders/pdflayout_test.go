package loaders

import (
	"fmt"
	"strings"
	"testing"
)

// word places the runes of s from x on baseline y, each w wide, at size 10.
func word(s string, x, y, w float64) []pdfGlyph {
	var out []pdfGlyph
	for _, r := range s {
		out = append(out, pdfGlyph{X: x, Y: y, W: w, Size: 10, Text: string(r)})
		x += w
	}
	return out
}

func gridDump(g *pdfGrid) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%dx%d h%d", g.rows(), g.cols(), g.header)
	for _, c := range g.cells {
		fmt.Fprintf(&b, " %d,%d", c.row, c.col)
		if c.rowSpan > 1 || c.colSpan > 1 {
			fmt.Fprintf(&b, "+%d,%d", c.rowSpan, c.colSpan)
		}
		fmt.Fprintf(&b, "=%s", c.text)
	}
	return b.String()
}

func hrule(y, x0, x1 float64) pdfRule { return pdfRule{x0, y, x1, y} }
func vrule(x, y0, y1 float64) pdfRule { return pdfRule{x, y0, x, y1} }

func TestFindGridsSpans(t *testing.T) {
	// Three columns (x 0, 50, 150, 250) and three rows (y 300, 270, 240, 210).
	// Row 0: cells 1 and 2 merged (no rule at x 150 between y 300 and 270).
	// Column 0: rows 1 and 2 merged (no rule at y 240 between x 0 and 50).
	rules := []pdfRule{
		hrule(300, 0, 250), hrule(270, 0, 250), hrule(240, 50, 250), hrule(210, 0, 250),
		vrule(0, 210, 300), vrule(50, 210, 300), vrule(150, 210, 270), vrule(250, 210, 300),
		// a rule drawn in two strokes, and one stroke twice
		hrule(210, 0, 100), vrule(250, 210, 300),
	}
	var glyphs []pdfGlyph
	glyphs = append(glyphs, word("序号", 5, 280, 10)...)
	glyphs = append(glyphs, word("资金来源", 100, 280, 10)...)
	glyphs = append(glyphs, word("3", 20, 235, 5)...)
	glyphs = append(glyphs, word("新建老年", 55, 255, 22)...)   // fills the cell's width
	glyphs = append(glyphs, word("食堂200个", 55, 245, 10)...) // so the cell's text wraps onto a second line
	glyphs = append(glyphs, word("市民政局", 155, 255, 10)...)
	glyphs = append(glyphs, word("提升绿道", 55, 220, 10)...)
	glyphs = append(glyphs, word("正文", 0, 400, 10)...) // outside the table
	items := layoutPage(glyphs, rules, [4]float64{0, 0, 595, 842})
	if len(items) != 2 || items[0].line == nil || items[1].grid == nil {
		t.Fatalf("items %+v", items)
	}
	got := gridDump(items[1].grid)
	want := "3x3 h1 0,0=序号 0,1+1,2=资金来源 1,0+2,1=3 1,1=新建老年食堂200个 1,2=市民政局 2,1=提升绿道 2,2="
	if got != want {
		t.Errorf("grid\n got %s\nwant %s", got, want)
	}
}

// A line set at a cell's left after one that stops well short of its right
// is a paragraph of its own; a line that fills the cell wraps on.
func TestCellTextParagraphs(t *testing.T) {
	var g []pdfGlyph
	g = append(g, word("2025年3月", 4, 100, 10)...) // short: a paragraph
	g = append(g, word("2025年12月", 4, 87, 10)...)
	g = append(g, word("总投资23000万元用于社区", 4, 74, 10)...) // fills the cell
	g = append(g, word("改造", 4, 61, 10)...)
	got := cellText(buildLines(g), 0, 150)
	if want := "2025年3月\n2025年12月\n总投资23000万元用于社区改造"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// centered lines are one text
	g = append(word("资金预算", 55, 100, 10), word("下达数", 60, 87, 10)...)
	if got := cellText(buildLines(g), 0, 150); got != "资金预算下达数" {
		t.Errorf("centered: got %q", got)
	}
}

func TestFindGridsIgnoresFrames(t *testing.T) {
	// a box around a paragraph is no table, nor are lone underlines
	rules := []pdfRule{hrule(300, 0, 200), hrule(200, 0, 200), vrule(0, 200, 300), vrule(200, 200, 300), hrule(100, 0, 300)}
	if g := findGrids(rules); len(g) != 0 {
		t.Errorf("grids %v", g)
	}
}

func TestBuildLinesGaps(t *testing.T) {
	var g []pdfGlyph
	g = append(g, word("序号", 0, 100, 10)...)
	g = append(g, word("名称", 60, 100, 10)...)   // 40 pt: a column gap
	g = append(g, word("5G", 80, 100, 5)...)    // right after
	g = append(g, word("基站", 92.5, 100, 10)...) // 2.5 pt: the Han/Latin quarter em
	g = append(g, word("AB", 0, 80, 5)...)
	g = append(g, word("CD", 13, 80.5, 5)...) // 3 pt between Latin words, baseline jitter
	g = append(g, pdfGlyph{X: 18.5, Y: 80, W: 5, Size: 10, Text: "D"})
	lines := buildLines(g)
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	if lines[0].text != "序号\t名称5G基站" || !lines[0].tabbed || len(lines[0].segs) != 2 || lines[0].segs[1].x != 60 {
		t.Errorf("line 1 %q %+v", lines[0].text, lines[0].segs)
	}
	if lines[1].text != "AB CD" {
		t.Errorf("line 2 %q (a glyph drawn twice is one)", lines[1].text)
	}
}

func TestJoinWrapped(t *testing.T) {
	var g []pdfGlyph
	g = append(g, word("一、总体要求", 20, 700, 10)...)               // a short head
	g = append(g, word("根据会议要求现将有关情况通报如下各单位要", 20, 680, 10)...) // indented first line, reaches the right
	g = append(g, word("认真落实。", 0, 665, 10)...)                 // continues at the left margin
	g = append(g, word("1.第一项", 20, 650, 10)...)
	g = append(g, word("页脚", 0, 600, 10)...)
	lines := joinWrapped(buildLines(g))
	var got []string
	for _, l := range lines {
		got = append(got, l.text)
	}
	want := "一、总体要求|根据会议要求现将有关情况通报如下各单位要认真落实。|1.第一项|页脚"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// A paragraph joined over lines ends where its last line ends: a short last
// line is no wrap, so the indented paragraph after it stays apart even on
// a page whose lines all start at the margin or the indent.
func TestJoinWrappedEndsAtLastLine(t *testing.T) {
	var g []pdfGlyph
	g = append(g, word("为切实办好民生实事项目现制定实施方案如下", 20, 700, 10)...) // indented, reaches the right
	g = append(g, word("请遵照执行。", 0, 685, 10)...)                // its short last line
	g = append(g, word("一、新增婴幼儿托位500个", 0, 670, 10)...)         // at the margin
	g = append(g, word("建设内容:在全区新增托位。", 20, 655, 10)...)
	lines := joinWrapped(buildLines(g))
	var got []string
	for _, l := range lines {
		got = append(got, l.text)
	}
	want := "为切实办好民生实事项目现制定实施方案如下请遵照执行。|一、新增婴幼儿托位500个|建设内容:在全区新增托位。"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

func TestDropPageNumbers(t *testing.T) {
	lines := []pdfLine{{text: "- 3 -", y: 30}, {text: "第 2 页 共 5 页", y: 20}, {text: "12", y: 400}, {text: "3/10", y: 820}, {text: "附件2", y: 40}}
	got := dropPageNumbers(lines, [4]float64{0, 0, 595, 842})
	if len(got) != 2 || got[0].text != "12" || got[1].text != "附件2" {
		t.Errorf("%+v", got)
	}
	// the last line of a page of standard margins, a cell's number, is
	// text; the page's number below it is not
	lines = []pdfLine{{text: "城镇新增就业", y: 96, size: 12}, {text: "8", y: 78, size: 12}, {text: "- 2 -", y: 36, size: 10.5}}
	got = dropPageNumbers(lines, [4]float64{0, 0, 595, 842})
	if len(got) != 2 || got[1].text != "8" {
		t.Errorf("%+v", got)
	}
}

func grid(rows [][]string, spans map[[2]int]int, xs ...float64) *pdfGrid {
	g := &pdfGrid{xs: xs}
	for r := 0; r <= len(rows); r++ {
		g.ys = append(g.ys, float64(800-20*r))
	}
	covered := map[[2]int]bool{}
	for r, row := range rows {
		for c, t := range row {
			if covered[[2]int{r, c}] {
				continue
			}
			rs := max(spans[[2]int{r, c}], 1)
			for k := 1; k < rs; k++ {
				covered[[2]int{r + k, c}] = true
			}
			g.cells = append(g.cells, pdfGridCell{row: r, col: c, rowSpan: rs, colSpan: 1, text: t})
		}
	}
	g.header = gridHeaderRows(g)
	return g
}

func TestJoinPageTables(t *testing.T) {
	head := []string{"序号", "项目名称", "牵头单位"}
	a := grid([][]string{head, {"1", "新增托位7500个", "市卫健委"}, {"2", "老旧小区改造65个", "市住建局"}, {"", "加装电梯130台", "市住建局"}},
		map[[2]int]int{{2, 0}: 2}, 0, 50, 200, 300)
	// the next page repeats the header; item 2's merged number cell goes on
	b := grid([][]string{{"序 号", "项目名称", "牵头单位"}, {"", "二次供水改造70个", "市综合行政执法局"}, {"3", "新建老年食堂200个", "市民政局"}},
		nil, 0, 50, 200, 300)
	other := grid([][]string{{"a", "b"}, {"c", "d"}}, nil, 0, 100, 300)
	items := []pdfItem{
		{grid: a, page: 1, last: true},
		{grid: b, page: 2, first: true},
		{line: &pdfLine{text: "注:"}, page: 2, last: true},
		{grid: other, page: 3, first: true},
	}
	out := joinPageTables(items)
	if len(out) != 3 {
		t.Fatalf("%d items", len(out))
	}
	got := gridDump(out[0].grid)
	want := "5x3 h1 0,0=序号 0,1=项目名称 0,2=牵头单位 1,0=1 1,1=新增托位7500个 1,2=市卫健委 2,0+3,1=2 2,1=老旧小区改造65个 2,2=市住建局 3,1=加装电梯130台 3,2=市住建局 4,1=二次供水改造70个 4,2=市综合行政执法局 5,0=3 5,1=新建老年食堂200个 5,2=市民政局"
	if got != strings.Replace(want, "5x3", "6x3", 1) {
		t.Errorf("joined\n got %s\nwant %s", got, strings.Replace(want, "5x3", "6x3", 1))
	}
	if fmt.Sprint(out[0].grid.rowPages) != "[1 1 1 1 2 2]" || out[0].endPage != 2 {
		t.Errorf("row pages %v, end page %d", out[0].grid.rowPages, out[0].endPage)
	}
}

// Rows a table prints again at the top of the next page are its header,
// though their words are no header words.
func TestJoinPageTablesRepeatedRows(t *testing.T) {
	first := []string{"歙县民生办电话:0559-6521077", "市民生办电话:0559-2355581"}
	a := grid([][]string{first, {"新增托位7500个", "市卫健委"}}, nil, 0, 200, 300)
	b := grid([][]string{first, {"老旧小区改造65个", "市住建局"}}, nil, 0, 200, 300)
	if a.header != 0 {
		t.Fatalf("header %d: the words make no header", a.header)
	}
	out := joinPageTables([]pdfItem{{grid: a, page: 1, last: true}, {grid: b, page: 2, first: true}})
	if len(out) != 1 {
		t.Fatalf("%d items", len(out))
	}
	got := gridDump(out[0].grid)
	want := "3x2 h1 0,0=歙县民生办电话:0559-6521077 0,1=市民生办电话:0559-2355581 1,0=新增托位7500个 1,1=市卫健委 2,0=老旧小区改造65个 2,1=市住建局"
	if got != want {
		t.Errorf("joined\n got %s\nwant %s", got, want)
	}
}

func TestColumnGrids(t *testing.T) {
	// A table printed without rules: columns at x 0, 60 and 300; the second
	// row's name wraps onto a line of its own.
	var g []pdfGlyph
	add := func(y float64, cells ...string) {
		for i, c := range cells {
			if c != "" {
				g = append(g, word(c, []float64{0, 60, 300}[i], y, 10)...)
			}
		}
	}
	add(700, "序号", "项目名称", "牵头单位")
	add(680, "1", "新增托位7500个", "市卫健委")
	add(660, "2", "实施老旧小区改造65个,既有住宅", "市住建局")
	add(648, "", "加装电梯130台")
	add(630, "3", "新建老年食堂200个", "市民政局")
	add(600, "以上为候选项目。")
	rest, grids := columnGrids(buildLines(g))
	if len(grids) != 1 || len(rest) != 1 {
		t.Fatalf("%d grids, %d lines", len(grids), len(rest))
	}
	grids[0].header = gridHeaderRows(grids[0])
	got := gridDump(grids[0])
	want := "4x3 h1 0,0=序号 0,1=项目名称 0,2=牵头单位 1,0=1 1,1=新增托位7500个 1,2=市卫健委 2,0=2 2,1=实施老旧小区改造65个,既有住宅加装电梯130台 2,2=市住建局 3,0=3 3,1=新建老年食堂200个 3,2=市民政局"
	if got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

func TestJoinPageParagraphs(t *testing.T) {
	items := []pdfItem{
		{line: &pdfLine{text: "一、总体要求"}, page: 1, endPage: 1, first: true},
		{line: &pdfLine{text: "各单位要敢于担当、主动作为,充分发挥牵头", full: true}, page: 1, endPage: 1, last: true},
		{line: &pdfLine{text: "抓总作用。", atLeft: true}, page: 2, endPage: 2, first: true},
		{line: &pdfLine{text: "各配合单位要全力配合牵头单位克难攻坚,对进度", full: true}, page: 2, endPage: 2, last: true},
		{line: &pdfLine{text: "1.第一项。", atLeft: true}, page: 3, endPage: 3, first: true, last: true},
	}
	out := joinPageParagraphs(items)
	var got []string
	for _, it := range out {
		got = append(got, fmt.Sprintf("%d:%s", it.page, it.line.text))
	}
	want := "1:一、总体要求|1:各单位要敢于担当、主动作为,充分发挥牵头抓总作用。|2:各配合单位要全力配合牵头单位克难攻坚,对进度|3:1.第一项。"
	if strings.Join(got, "|") != want {
		t.Errorf("\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
}
