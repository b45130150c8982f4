package loaders

import (
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

func TestListItems(t *testing.T) {
	cases := []struct {
		line         string
		number, text string
		ok           bool
	}{
		{"1.新建学校2所。", "1.", "新建学校2所。", true},
		{"1、新建学校", "1、", "新建学校", true},
		{"1。新建学校", "1。", "新建学校", true},
		{"10.召开会议", "10.", "召开会议", true},
		{"(1)完成方案", "(1)", "完成方案", true},
		{"（2）完成方案", "（2）", "完成方案", true},
		{"①实现小升规60家", "①", "实现小升规60家", true},
		{"⑳最后一项", "⑳", "最后一项", true},
		{"第（1）项：完成选址。", "第（1）项", "：完成选址。", true},
		{"第(1)（2）项：完成建设。", "第(1)（2）项", "：完成建设。", true},
		{"- 5. \"安居改造\"工程", "5.", "\"安居改造\"工程", true},
		{"  - 1. 温馨教室", "1.", "温馨教室", true},
		{"一、各代表小组要按照市人大常委会统一部署，切实加强组织领导，认真履行职责。", "一、", "各代表小组要按照市人大常委会统一部署，切实加强组织领导，认真履行职责。", true},
		{"一、分组监督的组织主体和内容", "", "", false}, // a section head
		{"1.5万人次", "", "", false},
		{"2.0要求", "", "", false},
		{"2022年", "", "", false},
		{"20211013", "", "", false},
		{"新增跨境电商产值10亿元以上", "", "", false},
	}
	for _, c := range cases {
		it, ok := parseListItem(c.line)
		if ok != c.ok || (ok && (it.number != c.number || it.text != c.text)) {
			t.Errorf("parseListItem(%q) = %q %q %v, want %q %q %v", c.line, it.number, it.text, ok, c.number, c.text, c.ok)
		}
	}
}

func TestBlocks(t *testing.T) {
	in := strings.Join([]string{
		"当前位置: 首页 > 信息公开", // 1
		"",                // 2
		"附件1",             // 3
		"一、分组监督的组织主体和内容",           // 4
		"（一）组织准备（4月1日至4月30日）",      // 5
		"4月上旬，市人大常委会主任会议讨论制订工作方案。", // 6
		"① 实现“小升规”60家(责任单位:市经信局);", // 7
		"② 完成低效用地再开发1000亩;",        // 8
		"(1) 其中新建500亩。",            // 9
		"③ 建设保障房",                  // 10
		"",                         // 11
		"2万套。",                     // 12
		"|",                        // 13
		"杭州市政府年度民生实事项目",            // 14
		"# 二、Markdown 标题",          // 15
		"信息来源: 市委市政府督查室 发布时间:2021-11-29 18:36 浏览次数:", // 16
	}, "\n")
	doc := loadString(t, in)
	type want struct {
		kind   corpus.BlockKind
		line   int
		number string
		level  int
		text   string
	}
	wants := []want{
		{corpus.Paragraph, 1, "", 0, "当前位置: 首页 > 信息公开"},
		{corpus.Heading, 3, "", 1, "附件1"},
		{corpus.Heading, 4, "", 1, "一、分组监督的组织主体和内容"},
		{corpus.Heading, 5, "", 2, "（一）组织准备（4月1日至4月30日）"},
		{corpus.Paragraph, 6, "", 0, "4月上旬，市人大常委会主任会议讨论制订工作方案。"},
		{corpus.ListItem, 7, "①", 1, "实现“小升规”60家(责任单位:市经信局);"},
		{corpus.ListItem, 8, "②", 1, "完成低效用地再开发1000亩;"},
		{corpus.ListItem, 9, "(1)", 2, "其中新建500亩。"},
		{corpus.ListItem, 10, "③", 1, "建设保障房2万套。"},
		{corpus.Heading, 14, "", 1, "杭州市政府年度民生实事项目"},
		{corpus.Heading, 15, "", 1, "二、Markdown 标题"},
		{corpus.Paragraph, 16, "", 0, "信息来源: 市委市政府督查室 发布时间:2021-11-29 18:36 浏览次数:"},
	}
	if len(doc.Blocks) != len(wants) {
		var b strings.Builder
		Dump(&b, doc)
		t.Fatalf("got %d blocks, want %d:\n%s", len(doc.Blocks), len(wants), b.String())
	}
	for k, w := range wants {
		b := doc.Blocks[k]
		if b.Kind != w.kind || b.Span.Line != w.line || b.Number != norm(w.number) || b.Level != w.level || b.Text != norm(w.text) {
			t.Errorf("block %d: got %v L%d %q/%d %q, want %v L%d %q/%d %q", k, b.Kind, b.Span.Line, b.Number, b.Level, b.Text,
				w.kind, w.line, w.number, w.level, w.text)
		}
	}
}

func TestListContinuation(t *testing.T) {
	// The Markdown of a PDF breaks items mid-sentence, with a blank line.
	in := "- 4. \"畅通美丽\"工程,整治堵点 10 个。\n  - 5. \"安居改造\"工程,完成回迁安置 7000 户以上,建设筹集\n\n保障性租赁住房 4 万套(间)。\n- 6. \"食药无忧\"工程\n\n附件: 责任分解表\n"
	doc := loadString(t, in)
	var items []corpus.Block
	for _, b := range doc.Blocks {
		if b.Kind == corpus.ListItem {
			items = append(items, b)
		}
	}
	if len(items) != 3 {
		t.Fatalf("items %+v", doc.Blocks)
	}
	if items[1].Text != norm("\"安居改造\"工程,完成回迁安置 7000 户以上,建设筹集保障性租赁住房 4 万套(间)。") || items[1].Span.Line != 2 || items[1].Number != "5." {
		t.Errorf("joined item: %+v", items[1])
	}
	if items[2].Text != norm("\"食药无忧\"工程") {
		t.Errorf("item 6 swallowed the next paragraph: %q", items[2].Text)
	}
	if last := doc.Blocks[len(doc.Blocks)-1]; last.Kind != corpus.Paragraph || last.Span.Line != 7 {
		t.Errorf("last block %+v", last)
	}
}

func TestPipeTable(t *testing.T) {
	in := strings.Join([]string{
		"2023年省政府民生实事项目实施计划(截至4月10日)",
		"序号 | 项目内容 | 工作进度安排 | 牵头单位 |",
		"1 | 新建ICU床位30张。 | 第一季度完成。 | 县卫健局 |",
		"|",
		"2 | 新增托位400个。 | |||",
		"3 | 建设养老机构阳光厨房16家 | 第一季度:开展全覆盖检\ufffd",
		"2023年市政府民生实事项目实施计划",
		"项目名称 | 序号 | 项目内容 | 牵头单位 |",
		"一、“优托护苗”工程 | 1 | 新增托位400个。 | 县卫健局 |",
		"2 | 新建公办幼儿园3所。 | 县教育局 | |",
		"3 | 投用公办幼儿园1所。 | 县教育局 |",
		"二、“温馨教室”工程 | 4 | 新安装空调。 | 县教育局 |",
	}, "\n")
	doc := loadString(t, in)
	ts := doc.Tables()
	if len(ts) != 2 {
		t.Fatalf("tables %d", len(ts))
	}
	t1 := ts[0]
	if t1.Caption != norm("2023年省政府民生实事项目实施计划(截至4月10日)") || t1.HeaderRows != 1 || t1.Index != 1 {
		t.Errorf("table 1: caption %q header %d index %d", t1.Caption, t1.HeaderRows, t1.Index)
	}
	checkGrid(t, t1, [][]string{
		{"序号", "项目内容", "工作进度安排", "牵头单位"},
		{"1", "新建ICU床位30张。", "第一季度完成。", "县卫健局"},
		{"2", "新增托位400个。", "", ""},
		{"3", "建设养老机构阳光厨房16家", "第一季度:开展全覆盖检\ufffd", ""},
	})
	if c := t1.CellAt(3, 2); c == nil || !hasFlag(c.Flags, corpus.FlagTruncated) || c.Span.Line != 6 {
		t.Errorf("cut cell: %+v", c)
	}
	checkGrid(t, ts[1], [][]string{
		{"项目名称", "序号", "项目内容", "牵头单位"},
		{"一、“优托护苗”工程", "1", "新增托位400个。", "县卫健局"},
		{"一、“优托护苗”工程", "2", "新建公办幼儿园3所。", "县教育局"},
		{"一、“优托护苗”工程", "3", "投用公办幼儿园1所。", "县教育局"},
		{"二、“温馨教室”工程", "4", "新安装空调。", "县教育局"},
	})
	if c := ts[1].CellAt(2, 0); c == nil || c.Row != 1 || c.RowSpan != 3 {
		t.Errorf("category cell should span rows 1-3: %+v", c)
	}
	for _, b := range doc.Blocks {
		if b.Kind == corpus.Paragraph && strings.Trim(b.Text, "| ") == "" {
			t.Errorf("empty pipe row kept as %+v", b)
		}
	}
}

func TestTabTable(t *testing.T) {
	in := strings.Join([]string{
		"## 责任分解表",
		"",
		"序\t\t\t资金测算\t\t主要责任\t完成",
		"号\t项目名称\t任务数\t总额\t上级 支持\t单位\t时限",
		"1\t\"温馨教室\"工程,为 5000 个中小学\t市直 240 个\t17853\t0\t市教育局\t2022年11月",
		"\t教室新安装空调。\t鹿城 320 个",
		"",
		"序\t\t\t资金测算\t\t主要责任\t完成",
		"· 号\t项目名称 -\t任务数\t总额\t上级 支持\t単位\t时限",
		"2\t\"优托护苗\"工程\t新增托位 7500 个\t4037.00\tO O\t市卫健委\t2022年11月",
		"",
		"各位代表,以上请审议。",
	}, "\n")
	doc := loadString(t, in)
	tb := onlyTable(t, doc)
	if tb.HeaderRows != 2 || tb.Caption != norm("责任分解表") {
		t.Errorf("header rows %d caption %q", tb.HeaderRows, tb.Caption)
	}
	checkGrid(t, tb, [][]string{
		{"序", "", "", "资金测算", "", "主要责任", "完成"},
		{"号", "项目名称", "任务数", "总额", "上级 支持", "单位", "时限"},
		{"1", "\"温馨教室\"工程,为 5000 个中小学", "市直 240 个", "17853", "0", "市教育局", "2022年11月"},
		{"", "教室新安装空调。", "鹿城 320 个", "", "", "", ""},
		{"2", "\"优托护苗\"工程", "新增托位 7500 个", "4037.00", "O O", "市卫健委", "2022年11月"},
	})
	if c := tb.CellAt(4, 1); c == nil || c.Span.Line != 10 {
		t.Errorf("row after the repeated header keeps its line: %+v", c)
	}
	if last := doc.Blocks[len(doc.Blocks)-1]; last.Kind != corpus.Paragraph || last.Span.Line != 12 {
		t.Errorf("last block %+v", last)
	}
}

func TestCellLineTable(t *testing.T) {
	in := strings.Join([]string{
		"附件1：",         // 1
		"",             // 2
		"代表分组监督方案",     // 3
		"\t序号",         // 4
		"\t代表",         // 5
		"",             // 6
		"小组",           // 7
		"\t工  作  内  容", // 8
		"\t责任单位",       // 9
		"",             // 10
		"\t1",          // 11
		"\t太平",         // 12
		"\t提升居住环境。",    // 13
		"",             // 14
		"\t△市住房和城乡建设局", // 15
		"",             // 16
		"\t",           // 17
		"\t",           // 18
		"\t第（1）项：完成方案设计。", // 19
		"",               // 20
		"第（2）项：确定点位。",    // 21
		"\t△市自然资源和规划局",   // 22
		"",               // 23
		"\t序号",           // 24
		"\t代表",           // 25
		"",               // 26
		"小组",             // 27
		"\t工  作  内  容",   // 28
		"\t责任单位",         // 29
		"",               // 30
		"\t2",            // 31
		"\t城东",           // 32
		"\t健全解决执行难长效机制。", // 33
		"\t△市人民法院",       // 34
		"",               // 35
		"",               // 36
		"注：1.“△”为牵头单位。",  // 37
	}, "\n")
	doc := loadString(t, in)
	tb := onlyTable(t, doc)
	if tb.HeaderRows != 1 || tb.Caption != norm("代表分组监督方案") {
		t.Errorf("header rows %d caption %q", tb.HeaderRows, tb.Caption)
	}
	checkGrid(t, tb, [][]string{
		{"序号", "代表小组", "工  作  内  容", "责任单位"},
		{"1", "太平", "提升居住环境。", "△市住房和城乡建设局"},
		{"", "", "第（1）项：完成方案设计。\n第（2）项：确定点位。", "△市自然资源和规划局"},
		{"2", "城东", "健全解决执行难长效机制。", "△市人民法院"},
	})
	if c := tb.CellAt(2, 2); c == nil || c.Span.Line != 19 {
		t.Errorf("cell line: %+v", c)
	}
	if c := tb.CellAt(3, 0); c == nil || c.Span.Line != 31 {
		t.Errorf("row after repeated header: %+v", c)
	}
	last := doc.Blocks[len(doc.Blocks)-1]
	if last.Span.Line != 37 || !strings.HasPrefix(last.Text, "注") {
		t.Errorf("last block %+v", last)
	}
}

// yuhuanAttachment2 is 附件2 of the Yuhuan bulletin cut down to four rows:
// one plain, one with an empty problems cell, one with two sub-items and one
// with several problem paragraphs, followed by the page's furniture.
const yuhuanAttachment2 = `附件2

2021年市政府民生实事项目三季度完成情况表

序号

民生实事项目

三季度完成情况

存在问题及解决建议

牵头单位

1

实施60岁以上老人免费接种肺炎疫苗、流感疫苗活动。

完成疫苗采购等前期准备工作。


市卫生健康局

2

1.建设微型便民体育公园10个。

10个微型便民体育公园的建设基本完成。


市体育事业

发展中心

2.新增绿道10公里。

新增绿道10公里


市住建局

3

建设新玉环人安居工程20万平方米。

累计建成面积约15万平方米,完成率75%

1.项目推进方面。部分职工宿舍建设滞后。

2.项目落地方面。建设资金紧张,致使项目难以落地。

市住建局

4

创建省高标准垃圾分类示范小区8个。

8个省高标小区已完成示范创建任务。

小区居民对垃圾分类知晓率不高,加强物业入户宣传。

市垃圾分类办

 

打印本页 关闭窗口`

func TestBlankSeparatedTable(t *testing.T) {
	doc := loadString(t, yuhuanAttachment2)
	tb := onlyTable(t, doc)
	if tb.Caption != norm("2021年市政府民生实事项目三季度完成情况表") || tb.HeaderRows != 1 || tb.Cols != 5 {
		t.Errorf("caption %q header %d cols %d", tb.Caption, tb.HeaderRows, tb.Cols)
	}
	checkGrid(t, tb, [][]string{
		{"序号", "民生实事项目", "三季度完成情况", "存在问题及解决建议", "牵头单位"},
		{"1", "实施60岁以上老人免费接种肺炎疫苗、流感疫苗活动。", "完成疫苗采购等前期准备工作。", "", "市卫生健康局"},
		{"2", "1.建设微型便民体育公园10个。", "10个微型便民体育公园的建设基本完成。", "", "市体育事业发展中心"},
		{"2", "2.新增绿道10公里。", "新增绿道10公里", "", "市住建局"},
		{"3", "建设新玉环人安居工程20万平方米。", "累计建成面积约15万平方米,完成率75%",
			"1.项目推进方面。部分职工宿舍建设滞后。\n2.项目落地方面。建设资金紧张,致使项目难以落地。", "市住建局"},
		{"4", "创建省高标准垃圾分类示范小区8个。", "8个省高标小区已完成示范创建任务。", "小区居民对垃圾分类知晓率不高,加强物业入户宣传。", "市垃圾分类办"},
	})
	if c := tb.CellAt(3, 0); c == nil || c.Row != 2 || c.RowSpan != 2 {
		t.Errorf("serial of the split row should span 2 rows: %+v", c)
	}
	if c := tb.CellAt(3, 1); c == nil || c.Span.Line != 35 {
		t.Errorf("sub-row cell line: %+v", c)
	}
	last := doc.Blocks[len(doc.Blocks)-1]
	if last.Kind != corpus.Paragraph || last.Text != norm("打印本页 关闭窗口") {
		t.Errorf("furniture after the table: %+v", last)
	}
}

func TestUnitNames(t *testing.T) {
	ps := func(ss ...string) []para {
		var out []para
		for _, s := range ss {
			out = append(out, para{text: s})
		}
		return out
	}
	for _, c := range []struct {
		in   []para
		want string
	}{
		{ps("市发改局", "市农业农村", "水利局", "市港航口岸", "渔业局", "市统计局(数据监测)"), "市发改局、市农业农村水利局、市港航口岸渔业局、市统计局(数据监测)"},
		{ps("市防汛防台", "抗旱指挥部", "办公室"), "市防汛防台抗旱指挥部办公室"},
		{ps("浙台(玉环)", "经贸合作区"), "浙台(玉环)经贸合作区"},
		{ps("玉环经济", "开发区", "楚门镇"), "玉环经济开发区、楚门镇"},
	} {
		if got := joinPieces(c.in, true); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	for s, want := range map[string]bool{"市住建局": true, "228国道清港连接线工程推进小组": true, "各乡镇(街道)": true,
		"完成率75%": false, "1.审计移送问题线索3条。": false, "已完成": false, "10个": false} {
		if isUnitName(s) != want {
			t.Errorf("isUnitName(%q) = %v", s, !want)
		}
	}
}

func hasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

func TestFormFeedPages(t *testing.T) {
	doc := loadString(t, "第一页标题说明文字。\n\f序号\t项目名称\t单位\n1\t新建学校\t市教育局\n\f2\t新建医院\t市卫健委\n")
	if b := doc.Blocks[0]; b.Span.Page != 1 {
		t.Errorf("first block page %d", b.Span.Page)
	}
	tb := onlyTable(t, doc)
	if c := tb.CellAt(0, 0); c == nil || c.Span.Page != 2 {
		t.Errorf("header page: %+v", c)
	}
	if c := tb.CellAt(2, 1); c == nil || c.Span.Page != 3 || c.Span.Line != 4 {
		t.Errorf("row 2 page: %+v", c)
	}
	// Without form feeds the page stays unknown.
	if loadString(t, "正文。\n").Blocks[0].Span.Page != 0 {
		t.Error("page set without page breaks")
	}
}

func TestBlankSeparatedTableWithoutBlankLines(t *testing.T) {
	in := "序号\n项目名称\n完成情况\n存在问题\n牵头单位\n1\n新建学校2所。\n已完成。\n\n市教育局\n2\n新增托位300个。\n完成80%。\n进度滞后,建议加快。\n市卫健委\n"
	tb := onlyTable(t, loadString(t, in))
	checkGrid(t, tb, [][]string{
		{"序号", "项目名称", "完成情况", "存在问题", "牵头单位"},
		{"1", "新建学校2所。", "已完成。", "", "市教育局"},
		{"2", "新增托位300个。", "完成80%。", "进度滞后,建议加快。", "市卫健委"},
	})
}

func TestTitleText(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"2021年市政府民生实事项目三季度完成情况表", true},
		{"温岭市2022年民生实事项目实施计划（试行）", true},
		{"温岭市2022年民生实事项目实施计划(2022年4月)", true},
		{"民生实事项目(牵头单位)如下", false},
		{"关于2024年市政府民生实事候选项目的说明", true},
		{"关于2022年重点工作的通知", true},
		{"建设5G基站400个,实现全覆盖", false},
		{"项目", false},
		{"(试行)", false},
		{"1.新增托位300个项目", false},
	}
	for _, tt := range tests {
		if got := isTitleText(tt.line); got != tt.want {
			t.Errorf("isTitleText(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestFieldLabelLineStartsABlock(t *testing.T) {
	doc, err := LoadBytes("x.txt", []byte("1.新增婴幼儿托位500个\n建设内容:在全区新增托位500个。\n责任单位：区卫生健康局\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, b := range doc.Blocks {
		kinds = append(kinds, b.Kind.String()+" "+b.Text)
	}
	want := []string{"list_item 新增婴幼儿托位500个", "paragraph 建设内容:在全区新增托位500个。", "paragraph 责任单位:区卫生健康局"}
	if strings.Join(kinds, "|") != strings.Join(want, "|") {
		t.Errorf("blocks %q, want %q", kinds, want)
	}
}
