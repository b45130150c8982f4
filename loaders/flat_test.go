package loaders

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
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

// TestAlignContinuation places the cells of rows short of cells under the
// columns of the row above they resemble.
func TestAlignContinuation(t *testing.T) {
	heads := []string{"序号", "项目名称", "目标任务", "牵头单位", "累计完成", "完成率"}
	for _, tc := range []struct {
		name        string
		cells, prev []string
		want        []int // nil: the row stays where it stands
	}{
		{"one task under the task column", []string{"新增学位500个"},
			[]string{"1", "学校建设", "新建小学1所", "县教育局", "1", "100%"}, []int{2}},
		{"a task with its figures, the unit spanned", []string{"新增床位80张", "60", "75%"},
			[]string{"2", "养老服务", "新建养老院1所", "县民政局", "1", "100%"}, []int{2, 4, 5}},
		{"a row of its own", []string{"3", "托育服务", "新增托位200个"},
			[]string{"2", "养老服务", "新建养老院1所", "县民政局", "1", "100%"}, nil},
		{"a row with empty cells at the end", []string{"体育设施", "新建球场6片"},
			[]string{"文化设施", "新建书房4家", "县文旅局", "2", "50%", ""}, nil},
		{"under a category", []string{"4", "新建公园2个", "县住建局"},
			[]string{"一、城市建设", "3", "改造道路5条", "县交通局", "", ""}, []int{1, 2, 3}},
	} {
		got, ok := alignContinuation(tc.cells, tc.prev, heads)
		if !ok {
			got = nil
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestSpaceRowsUnderGroupHeadings reads a table printed one row a line whose
// rows fall under group headings: the headings stay headings, and the rows
// under each make a table with the header line repeated.
func TestSpaceRowsUnderGroupHeadings(t *testing.T) {
	src := "2025年青岚区重点工作推进情况\n" +
		"序号 目标任务 责任单位 推进情况\n" +
		"一、主要预期目标\n" +
		"1 地区生产总值增长6%。 区发改委 同比增长4.1%。\n" +
		"2 城镇新增就业5000人。 区人社局\n" +
		"区就业中心\n" +
		"新增就业2800人。\n" +
		"二、重点工作\n" +
		"(一)扩大有效投资\n" +
		"3 新开工项目40个。 区发改委 已开工26个。\n" +
		"\n" +
		"以上情况截至6月底。\n"
	doc := loadString(t, src)
	checkDoc(t, doc)
	var got []string
	for _, b := range doc.Blocks {
		switch b.Kind {
		case corpus.TableBlock:
			g := b.Table.Grid()
			got = append(got, "table "+strconv.Itoa(b.Span.Line)+" "+b.Table.Caption+": "+strings.Join(g[0], "|")+" / "+strings.Join(g[len(g)-1], "|"))
		default:
			got = append(got, b.Text)
		}
	}
	want := []string{
		"2025年青岚区重点工作推进情况",
		"一、主要预期目标",
		"table 4 一、主要预期目标: 序号|目标任务|责任单位|推进情况 / 2|城镇新增就业5000人。|区人社局、区就业中心|新增就业2800人。",
		"二、重点工作",
		"(一)扩大有效投资",
		"table 10 (一)扩大有效投资: 序号|目标任务|责任单位|推进情况 / 3|新开工项目40个。|区发改委|已开工26个。",
		"以上情况截至6月底。",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestGluedCells cuts a header and unit names printed with nothing between
// them.
func TestGluedCells(t *testing.T) {
	for l, want := range map[string][]string{
		"序号重点工作工作推进情况牵头单位责任单位": {"序号", "重点工作", "工作推进情况", "牵头单位", "责任单位"},
		"序号内容与要求责任单位":          {"序号", "内容与要求", "责任单位"},
		"序号 工作任务 牵头单位":         {"序号", "工作任务", "牵头单位"},
		"重点工作工作推进情况牵头单位":       nil, // no serial column
		"序号工作任务牵头单位完成了":        nil, // not all column names
	} {
		if got := gluedHeader(l); !slices.Equal(got, want) {
			t.Errorf("gluedHeader(%q) = %q, want %q", l, got, want)
		}
	}
	for _, tc := range []struct {
		s    string
		cols int
		want []string
	}{
		{"市住建委团风县、英山县人民政府", 2, []string{"市住建委", "团风县、英山县人民政府"}},
		{"市住房和城乡建设局市城管局", 2, []string{"市住房和城乡建设局", "市城管局"}},
		{"市住房和城乡建设局", 2, []string{"市住房和城乡建设局"}},
		{"市发改委市经信委", 1, []string{"市发改委市经信委"}},
	} {
		if got := splitUnitTail(tc.s, tc.cols); !slices.Equal(got, tc.want) {
			t.Errorf("splitUnitTail(%q, %d) = %q, want %q", tc.s, tc.cols, got, tc.want)
		}
	}
	for s, want := range map[string][2]string{
		"建成绿道5公里。市林业局": {"建成绿道5公里。", "市林业局"},
		"建成绿道5公里;市林业局": {"建成绿道5公里;", "市林业局"},
		"建成绿道5公里,正在推进": {"", "建成绿道5公里,正在推进"},
	} {
		if a, b := lastSentence(s); a != want[0] || b != want[1] {
			t.Errorf("lastSentence(%q) = %q, %q, want %q", s, a, b, want)
		}
	}
}

// TestTaskInTwoCellsOnlyBeforeUnits leaves a pipe table as wide as printed
// when the cells after the task are a lead and a partner unit.
func TestTaskInTwoCellsOnlyBeforeUnits(t *testing.T) {
	src := "序号 | 项目名称 | 目标任务 | 牵头单位 | 配合单位 | 累计完成 |\n" +
		"1 | 城乡供水 | 新建水厂1座 | 县水利局 | 县财政局 | 1 |\n" +
		"2 | 道路改造 | 改造道路3条 | 县交通局 | 县住建局 | 2 |\n"
	tb := onlyTable(t, loadString(t, src))
	if tb.Cols != 6 {
		t.Errorf("cols %d, want 6", tb.Cols)
	}
	checkGrid(t, tb, [][]string{
		{"序号", "项目名称", "目标任务", "牵头单位", "配合单位", "累计完成"},
		{"1", "城乡供水", "新建水厂1座", "县水利局", "县财政局", "1"},
		{"2", "道路改造", "改造道路3条", "县交通局", "县住建局", "2"},
	})
}
