package loaders

import (
	"strconv"
	"strings"
	"testing"
)

// TestSeedTables pins how many tables each seed has and their shapes.
func TestSeedTables(t *testing.T) {
	want := map[string][]string{ // rows x cols / header rows
		"cangnan-2023-q1-progress-mojibake": {"47x5/1", "55x6/1", "54x5/1"},
		"hangzhou-livelihood-lists":         nil,
		"wenling-2022-supervision-plan":     {"47x7/1", "11x8/1"},
		"wenzhou-2022-candidates":           {"64x11/2"},
		"yuhuan-2021-q3-bulletin":           {"144x5/1", "15x5/1"},
	}
	for _, f := range seedFiles(t) {
		name := seedName(f)
		doc := loadSeed(t, name)
		var got []string
		for _, tb := range doc.Tables() {
			got = append(got, strconv.Itoa(tb.Rows)+"x"+strconv.Itoa(tb.Cols)+"/"+strconv.Itoa(tb.HeaderRows))
		}
		if strings.Join(got, " ") != strings.Join(want[name], " ") {
			t.Errorf("%s: tables %v, want %v", name, got, want[name])
		}
	}
}

// TestYuhuanLivelihoodTable checks every row of 附件2 of the Yuhuan bulletin
// cell by cell: name, the start of the progress, problems and lead unit.
func TestYuhuanLivelihoodTable(t *testing.T) {
	doc := loadSeed(t, "yuhuan")
	ts := doc.Tables()
	if len(ts) != 2 {
		t.Fatalf("tables: %d", len(ts))
	}
	tb := ts[1]
	want := [][5]string{
		{"序号", "民生实事项目", "三季度完成情况", "存在问题及解决建议", "牵头单位"},
		{"1", "实施60岁以上老人免费接种肺炎疫苗、流感疫苗活动。", "完成疫苗采购以及宣传手册", "", "市卫生健康局"},
		{"2", "建设5G基站400个,实现各乡镇(街道)5G信号全覆盖。", "已完成建设5G基站516个,完成率129%", "", "市经信局"},
		{"3", "1.建设微型便民体育公园10个。", "10个微型便民体育公园的建设基本完成", "", "市体育事业发展中心"},
		{"3", "2.新增绿道10公里。", "新增玉环湖沿湖绿道工程", "", "市住建局"},
		{"4", "实施儿童青少年爱眼护眼工程。", "定期开展全市中小学近视防控宣传教育月活动", "", "市教育局"},
		{"5", "加大殡葬惠民力度,免除殡仪馆集中守灵费用。", "71930,殡仪馆殡葬惠民累计减免78.9万元", "", "市民政局"},
		{"6", "新增婴幼儿照护服务机构5家,新增托位300个,婴幼儿照护服务人员培训率100%", "截至9月底,累计新增托育机构8家", "", "市卫生健康局"},
		{"7", "创建省高标准垃圾分类示范小区8个。", "8个省高标小区已严格对照", "小区居民对垃圾分类知晓率不高", "市垃圾分类办"},
		{"8", "1.实施退出孕龄期妇女免费取环服务。", "截至9月底,已完成免费取环服务901例,完成率75.08%", "", "市卫生健康局"},
		{"8", "2.为低保低边等妇女统一购买“女性健康公益保险”。", "累计为低保低边困境妇女统一购买", "", "市妇联"},
		{"9", "建设新玉环人安居工程20万平方米。", "累计建成面积约15万平方米,完成率75%", "1.项目推进方面。", "市住建局"},
		{"10", "创建儿童之家22个。", "已经完成22家儿童之家创建工作", "", "市民政局"},
		{"11", "发放技能培训补贴500万元以上,开展职业技能培训6700人以上。", "已发放技能培训补贴1150万元", "", "市人力社保局"},
		{"12", "建设智能“阳光厨房”32家。", "完成30家智能阳光厨房建设,完成率93.75%", "", "市市场监管局"},
	}
	grid := tb.Grid()
	if len(grid) != len(want) || tb.Cols != 5 {
		t.Fatalf("shape %dx%d, want %dx5", len(grid), tb.Cols, len(want))
	}
	for r, w := range want {
		for c, s := range w {
			got, exp := grid[r][c], norm(s)
			ok := got == exp
			if c == 2 || (c == 3 && exp != "") {
				ok = strings.HasPrefix(got, exp) // long texts: their start
			}
			if !ok {
				t.Errorf("row %d col %d: %q, want %q", r, c, got, exp)
			}
		}
	}
	if got := grid[11][3]; !strings.Contains(got, "\n"+norm("2.项目落地方面。")) {
		t.Errorf("problems of row 9 should hold both paragraphs: %q", got)
	}
	for _, rc := range [][2]int{{3, 0}, {9, 0}} {
		if c := tb.CellAt(rc[0], rc[1]); c == nil || c.RowSpan != 2 {
			t.Errorf("serial cell at row %d should span two sub-rows: %+v", rc[0], c)
		}
	}
}

// TestYuhuanKeyWorkTable checks that the 126 items of 附件1 are all there, in
// order, and that no row swallowed the next: every serial opens a row, no
// name cell is a bare number, and every item has a lead unit.
func TestYuhuanKeyWorkTable(t *testing.T) {
	doc := loadSeed(t, "yuhuan")
	tb := doc.Tables()[0]
	grid := tb.Grid()
	last := 0
	units := map[string]bool{}
	for r := 1; r < len(grid); r++ {
		row := grid[r]
		n, err := strconv.Atoi(row[0])
		if err != nil {
			t.Fatalf("row %d: serial %q", r, row[0])
		}
		if n != last && n != last+1 {
			t.Errorf("row %d: serial %d after %d", r, n, last)
		}
		last = n
		if isBareInt(row[1]) || isBareInt(row[2]) || isBareInt(row[4]) {
			t.Errorf("row %d swallowed a serial: %q", r, row)
		}
		if row[1] == "" && n != 64 {
			t.Errorf("row %d (item %d) has no name", r, n)
		}
		if row[4] != "" {
			units[row[0]] = true
			if strings.ContainsAny(row[4], "。;:") {
				t.Errorf("row %d: unit cell holds text: %q", r, row[4])
			}
		}
	}
	if last != 126 {
		t.Errorf("last serial %d, want 126", last)
	}
	if len(units) != 125 { // item 64 is printed with its name only
		t.Errorf("%d items have a lead unit, want 125", len(units))
	}
	// Spot checks of unit names broken over lines and of empty cells.
	for _, c := range []struct {
		serial, col int
		want        string
	}{
		{4, 4, "市发改局、市经信局、市财政局、市农业农村水利局、市港航口岸渔业局、市统计局(数据监测)、市税务局、市考核办"},
		{1, 3, ""},
		{103, 4, "玉环经济开发区、市科技局"},
	} {
		for _, row := range grid[1:] {
			if row[0] == strconv.Itoa(c.serial) {
				if row[c.col] != norm(c.want) {
					t.Errorf("item %d col %d: %q, want %q", c.serial, c.col, row[c.col], c.want)
				}
				break
			}
		}
	}
}
