package loaders

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/minsheng/minsheng/corpus"
)

// loadHTML reads an inline page and fails the test on error.
func loadHTML(t *testing.T, page string) *corpus.Document {
	t.Helper()
	doc, err := LoadBytes("page.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkStructured(t, doc)
	return doc
}

// checkStructured checks the invariants of a structured document (see
// checkModel); its readers may leave a block's line unknown.
func checkStructured(t testing.TB, doc *corpus.Document) {
	t.Helper()
	checkModel(t, doc, false)
}

func gridText(tb *corpus.Table) string {
	var rows []string
	for _, r := range tb.Grid() {
		rows = append(rows, strings.Join(r, "|"))
	}
	return strings.Join(rows, "\n")
}

func tables(doc *corpus.Document) []*corpus.Table { return doc.Tables() }

func TestHTMLTables(t *testing.T) {
	cases := []struct {
		name, page string
		grid       []string // one per table, rows joined by \n, cells by |
		header     []int
		spans      string // "row,col+rs,cs" of the merged cells of table 1
	}{
		{
			name: "rowspan and colspan",
			page: `<table><tr><td rowspan="2">序号</td><td colspan="2">资金(万元)</td><td rowspan="2">牵头单位</td></tr>
<tr><td>总额</td><td>上级支持</td></tr>
<tr><td>1</td><td>4857.08</td><td>0</td><td rowspan="2">市卫健委</td></tr>
<tr><td>2</td><td>100</td><td>50</td></tr></table>`,
			grid:   []string{"序号|资金(万元)|资金(万元)|牵头单位\n序号|总额|上级支持|牵头单位\n1|4857.08|0|市卫健委\n2|100|50|市卫健委"},
			header: []int{2},
			spans:  "0,0+2,1 0,1+1,2 0,3+2,1 2,3+2,1",
		},
		{
			name:   "th header rows",
			page:   `<table><thead><tr><th>编码</th><th>名称</th></tr></thead><tbody><tr><td>1</td><td>托位</td></tr><tr><td>2</td><td>食堂</td></tr></tbody></table>`,
			grid:   []string{"编码|名称\n1|托位\n2|食堂"},
			header: []int{1},
		},
		{
			name:   "br and p in cells",
			page:   `<table><tr><td>序号</td><td>完成情况</td></tr><tr><td>1</td><td><p>1.完成疫苗采购。</p><p>2.启动接种。</p></td></tr><tr><td>2</td><td>已完成<br>516个<br/>完成率129%</td></tr></table>`,
			grid:   []string{"序号|完成情况\n1|1.完成疫苗采购。\n2.启动接种。\n2|已完成\n516个\n完成率129%"},
			header: []int{1},
		},
		{
			name: "nested table",
			page: `<table><tr><td>序号</td><td>项目名称</td></tr><tr><td>1</td><td>托育<table><tr><td>区县</td><td>托位</td></tr><tr><td>鹿城</td><td>550</td></tr></table></td></tr></table>`,
			grid: []string{"序号|项目名称\n1|托育", "区县|托位\n鹿城|550"},
		},
		{
			name: "rowspan past the last row",
			page: `<table><tr><td rowspan="9">1</td><td>a</td></tr><tr><td>b</td></tr></table>`,
			grid: []string{"1|a\n1|b"},
		},
		{
			name: "trailing empty rows and columns",
			page: `<table><tr><td>序号</td><td>名称</td><td></td></tr><tr><td>1</td><td>托位</td><td> </td></tr><tr><td></td><td></td></tr></table>`,
			grid: []string{"序号|名称\n1|托位"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := loadHTML(t, "<html><body>"+c.page+"</body></html>")
			ts := tables(doc)
			if len(ts) != len(c.grid) {
				t.Fatalf("%d tables, want %d", len(ts), len(c.grid))
			}
			for i, want := range c.grid {
				if got := gridText(ts[i]); got != want {
					t.Errorf("table %d grid\n%s\nwant\n%s", i+1, got, want)
				}
			}
			for i, h := range c.header {
				if ts[i].HeaderRows != h {
					t.Errorf("table %d: %d header rows, want %d", i+1, ts[i].HeaderRows, h)
				}
			}
			if c.spans != "" {
				var got []string
				for _, cl := range ts[0].Cells {
					if cl.RowSpan > 1 || cl.ColSpan > 1 {
						got = append(got, spanText(cl))
					}
				}
				if strings.Join(got, " ") != c.spans {
					t.Errorf("spans %q, want %q", strings.Join(got, " "), c.spans)
				}
			}
		})
	}
}

func spanText(c corpus.Cell) string {
	return fmt.Sprintf("%d,%d+%d,%d", c.Row, c.Col, max(c.RowSpan, 1), max(c.ColSpan, 1))
}

func TestHTMLBlocks(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于民生实事项目的通知</title>
<script>document.write("脚本文字")</script><style>p{color:red}</style></head>
<body>
<div class="nav"><a href="/">首页</a><a href="/a">政务公开</a></div>
<div class="crumb">当前位置: 首页 &gt; 政务公开</div>
<div class="article">
<h1>关于民生实事项目的通知</h1>
<div class="info">文号: 温政发〔2022〕1号 发布时间: 2022-04-18 浏览次数: 12</div>
<div class="bdsharebuttonbox">分享到: 微信 微博</div>
<div id="zoom">
<p>各乡镇人民政府:</p>
<p>一、总体要求</p>
<p>1.新增托位300个。</p>
<p>（2）建设阳光厨房32家。</p>
<ol><li>实施老旧小区改造</li><li>新增停车位</li></ol>
<ul><li>① 培训人员</li></ul>
<h3>附件</h3>
<p>附件下载: <a href="/files/plan.PDF">方案</a> <a href="/files/t.xls?id=1">附件1</a> <a href="/show?id=9">详情.docx</a> <a href="/news/1.html">相关新闻</a></p>
</div>
</div>
<div class="footer">主办单位: 市政府办公室</div>
</body></html>`
	doc := loadHTML(t, page)
	var got []string
	for _, b := range doc.Blocks {
		s := b.Kind.String() + ":" + b.Text
		if b.Number != "" {
			s = b.Kind.String() + ":" + b.Number + "|" + b.Text
		}
		got = append(got, s)
		if b.Span.Line < 1 {
			t.Errorf("block %q has no line", b.Text)
		}
	}
	want := []string{
		"paragraph:关于民生实事项目的通知",
		"heading:关于民生实事项目的通知",
		"paragraph:文号: 温政发〔2022〕1号 发布时间: 2022-04-18浏览次数: 12", // Repair drops spaces next to digits
		"paragraph:各乡镇人民政府:",
		"heading:一、总体要求",
		"list_item:1.|新增托位300个。",
		"list_item:(2)|建设阳光厨房32家。",
		"list_item:1.|实施老旧小区改造",
		"list_item:2.|新增停车位",
		"list_item:①|培训人员",
		"heading:附件",
		"paragraph:附件下载: 方案 附件1详情.docx 相关新闻",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if doc.Info.Title == nil || *doc.Info.Title != "关于民生实事项目的通知" {
		t.Errorf("title %v", doc.Info.Title)
	}
	var links []string
	for _, l := range doc.Links {
		links = append(links, l.URL+"="+l.Attachment)
	}
	wantLinks := "/=\n/a=\n/files/plan.PDF=pdf\n/files/t.xls?id=1=xls\n/show?id=9=docx\n/news/1.html="
	if strings.Join(links, "\n") != wantLinks {
		t.Errorf("links\n%s\nwant\n%s", strings.Join(links, "\n"), wantLinks)
	}
	// The source line of the first list item.
	for _, b := range doc.Blocks {
		if b.Kind == corpus.ListItem {
			if b.Span.Line != 13 {
				t.Errorf("first list item at line %d, want 13", b.Span.Line)
			}
			break
		}
	}
}

func TestHTMLCaption(t *testing.T) {
	doc := loadHTML(t, `<html><body><p>附件2</p><p>2021年市政府民生实事项目三季度完成情况表</p>
<table><tr><td>序号</td><td>民生实事项目</td><td>牵头单位</td></tr><tr><td>1</td><td>新增托位300个</td><td>市卫健局</td></tr></table>
<table><caption>表二 资金</caption><tr><td>序号</td><td>总额</td></tr><tr><td>1</td><td>5</td></tr></table></body></html>`)
	ts := tables(doc)
	if len(ts) != 2 {
		t.Fatalf("%d tables", len(ts))
	}
	if ts[0].Caption != "2021年市政府民生实事项目三季度完成情况表" || ts[0].HeaderRows != 1 {
		t.Errorf("table 1: caption %q, header %d", ts[0].Caption, ts[0].HeaderRows)
	}
	if ts[1].Caption != "表二 资金" {
		t.Errorf("table 2: caption %q", ts[1].Caption)
	}
	if b := doc.Blocks[1]; b.Kind != corpus.Heading || b.Level != 2 {
		t.Errorf("the caption line is %v level %d, want a level 2 heading under 附件2", b.Kind, b.Level)
	}
}

func TestHTMLCharsets(t *testing.T) {
	body := "<html><head>%s<title>民生实事</title></head><body><p>新增托位300个,建设阳光厨房32家。</p></body></html>"
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	meta := func(m string) string { return strings.Replace(body, "%s", m, 1) }
	cases := []struct {
		name    string
		raw     []byte
		charset string
	}{
		{"gbk with meta charset", gbk(meta(`<meta charset="gbk">`)), "gb18030"},
		{"gb2312 http-equiv", gbk(meta(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`)), "gb18030"},
		{"gbk without declaration", gbk(meta("")), "gb18030"},
		{"declares gb2312, is utf-8", []byte(meta(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`)), "utf-8"},
		{"utf-8", []byte(meta(`<meta charset="utf-8">`)), "utf-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := LoadBytes("p.html", c.raw, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Info.Charset != c.charset {
				t.Errorf("charset %q, want %q", doc.Info.Charset, c.charset)
			}
			last := doc.Blocks[len(doc.Blocks)-1]
			if last.Text != "新增托位300个,建设阳光厨房32家。" {
				t.Errorf("text %q", last.Text)
			}
		})
	}
}

func TestHTMLTraditionalRepairedAsOneDocument(t *testing.T) {
	doc := loadHTML(t, `<html><body><p>2023年我縣共承辦省政府民生實(shí)事指標(biāo)46項(xiàng),、市政府民生實(shí)事指標(biāo)54項(xiàng)</p>
<table><tr><td>序號(hào)</td><td>項(xiàng)目內(nèi)容</td></tr><tr><td>1</td><td>實(shí)施</td></tr></table></body></html>`)
	if got := doc.Blocks[0].Text; got != "2023年我县共承办省政府民生实事指标46项、市政府民生实事指标54项" {
		t.Errorf("paragraph %q", got)
	}
	// A cell too short to be judged traditional alone is converted with its document.
	if g := gridText(tables(doc)[0]); g != "序号|项目内容\n1|实施" {
		t.Errorf("grid %q", g)
	}
	if doc.Repairs["t2s"] == 0 || doc.Repairs["pinyin"] == 0 {
		t.Errorf("repairs %v", doc.Repairs)
	}
}

func TestHTMLHostile(t *testing.T) {
	deep := "<html><body>" + strings.Repeat("<div>", 20000) + "<p>新增托位300个</p>" + strings.Repeat("</div>", 20000) + "</body></html>"
	doc := loadHTML(t, deep)
	if len(doc.Blocks) == 0 || !strings.Contains(doc.Blocks[len(doc.Blocks)-1].Text, "新增托位300个") {
		t.Errorf("deep page lost its text: %+v", doc.Blocks)
	}
	nested := strings.Repeat("<table><tr><td>格", 300) + strings.Repeat("</td></tr></table>", 300)
	doc = loadHTML(t, "<html><body>"+nested+"</body></html>")
	if len(tables(doc)) == 0 {
		t.Error("nested tables lost")
	}
	for _, page := range []string{"<html></html>", "<html><body><nav>首页</nav></body></html>", "<table><tr><td>  </td></tr></table>"} {
		_, err := LoadBytes("empty.html", []byte(page), Options{})
		var le *Error
		if !errors.As(err, &le) || le.Kind != Empty || le.Path != "empty.html" {
			t.Errorf("%q: error %v, want an Empty *Error naming the file", page, err)
		}
	}
}

func TestAttachmentKind(t *testing.T) {
	for _, c := range []struct{ href, text, want string }{
		{"/a/b.pdf", "", "pdf"},
		{"/a/b.XLSX?x=1", "", "xlsx"},
		{"/download?id=3", "附件1.wps", "wps"},
		{"/download?id=3", "附件1", ""},
		{"http://x.gov.cn/art/2021/11/29/art_1.html", "通报", ""},
		{"%zz", "表.doc", "doc"},
	} {
		if got := attachmentKind(c.href, c.text); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.href, c.text, got, c.want)
		}
	}
}

// fixtureFiles are the renderings of the seeds in ../testdata/fixtures.
var fixtureFiles = []string{
	"yuhuan-2021-q3-bulletin.html",
	"cangnan-2023-q1-progress.html",
	"wenzhou-2022-candidates.xlsx",
	"wenling-2022-supervision-plan.docx",
	"hostile-deep.html",
	"hostile-nocharset-gbk.html",
	"hostile-lying-meta.html",
}

const fixtureDir = "../testdata/fixtures"

// TestGoldenFixtures compares the block model of each fixture with its dump
// in ../testdata/golden/model/fixtures (rewritten by -update).
func TestGoldenFixtures(t *testing.T) {
	for _, name := range fixtureFiles {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(fixtureDir, name)
			doc, err := Load(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkStructured(t, doc)
			checkModelGolden(t, path, filepath.Join("..", "testdata", "golden", "model", "fixtures", name+".txt"), doc)
		})
	}
}

// TestHostileFixtures checks that broken files give a clear *Error naming
// the file.
func TestHostileFixtures(t *testing.T) {
	for _, c := range []struct {
		name string
		kind Kind
		msg  string
	}{
		{"hostile-truncated.xlsx", Malformed, "xlsx"},
		{"hostile-truncated.docx", Malformed, "docx"},
		{"hostile-zipbomb.docx", TooLarge, "decompresses"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(fixtureDir, c.name)
			_, err := Load(path, Options{})
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if le.Kind != c.kind || le.Path != path || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q kind %v, want kind %v naming %s and saying %q", err, le.Kind, c.kind, path, c.msg)
			}
		})
	}
	doc, err := Load(filepath.Join(fixtureDir, "hostile-nocharset-gbk.html"), Options{})
	if err != nil || doc.Info.Charset != "gb18030" {
		t.Errorf("GBK page without charset: %v, charset %v", err, doc)
	}
	doc, err = Load(filepath.Join(fixtureDir, "hostile-lying-meta.html"), Options{})
	if err != nil || doc.Info.Charset != "utf-8" {
		t.Errorf("UTF-8 page declared gb2312: %v, charset %v", err, doc)
	}
}

// FuzzHTML checks that no page makes the HTML reader panic and that every
// cell lies within its table.
func FuzzHTML(f *testing.F) {
	for _, name := range []string{"yuhuan-2021-q3-bulletin.html", "cangnan-2023-q1-progress.html", "hostile-nocharset-gbk.html"} {
		b, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 4096)])
	}
	f.Add([]byte(`<table><tr><td rowspan="3" colspan="2">a</td><td>b</td></tr><tr><td rowspan=0>c</td></tr><tr><td colspan="-1">d<table><tr><td>e</td></tr></table></td></tr></table>`))
	f.Add([]byte(`<html><body><ol start="7"><li>1.托位<ul><li>x</li></ul></li></ol><h2>一、</h2><br><p>（1）</p></body></html>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		raw = append([]byte("<html>"), raw...)
		doc, err := LoadBytes("fuzz.html", raw, Options{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkStructured(t, doc)
	})
}

// BenchmarkLoadHTML reads the Yuhuan bulletin as its GBK web page.
func BenchmarkLoadHTML(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(fixtureDir, "yuhuan-2021-q3-bulletin.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadBytes("yuhuan.html", raw, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleLoadBytes_html() {
	page := `<html><head><meta charset="utf-8"><title>民生实事项目</title></head><body>
<div class="position">当前位置: 首页 &gt; 信息公开</div>
<div id="zoom">
<p>附件2</p>
<p>2021年市政府民生实事项目三季度完成情况表</p>
<table>
<tr><th>序号</th><th>民生实事项目</th><th>牵头单位</th></tr>
<tr><td rowspan="2">3</td><td>1.建设微型便民体育公园10个。</td><td>市体育事业发展中心</td></tr>
<tr><td>2.新增绿道10公里。</td><td>市住建局</td></tr>
</table>
</div></body></html>`
	doc, err := LoadBytes("page.html", []byte(page), Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	Dump(os.Stdout, doc)
	// Output:
	// paragraph L1 民生实事项目
	// heading L4 h1 附件2
	// heading L5 h2 2021年市政府民生实事项目三季度完成情况表
	// table L6 #1 rows=3 cols=3 header=1 caption="2021年市政府民生实事项目三季度完成情况表"
	//   0,0 L7: 序号
	//   0,1 L7: 民生实事项目
	//   0,2 L7: 牵头单位
	//   1,0+2,1 L8: 3
	//   1,1 L8: 1.建设微型便民体育公园10个。
	//   1,2 L8: 市体育事业发展中心
	//   2,1 L9: 2.新增绿道10公里。
	//   2,2 L9: 市住建局
}

func TestHTMLTitle(t *testing.T) {
	for _, c := range []struct{ page, want string }{
		{`<html><head><title>关于2021年民生实事项目完成情况的通报_玉环市人民政府</title></head><body><div class="header"><h1 class="logo">玉环市人民政府</h1></div><div id="zoom"><p>新增托位300个。</p></div></body></html>`, "关于2021年民生实事项目完成情况的通报"},
		{`<html><head><title>首页 - 某市门户网站</title></head><body><div class="article"><h1>2023年縣政府民生實(shí)事項(xiàng)目</h1><p>實(shí)施老舊小區改造。</p></div></body></html>`, "2023年县政府民生实事项目"},
	} {
		doc := loadHTML(t, c.page)
		if doc.Info.Title == nil || *doc.Info.Title != c.want {
			t.Errorf("title %v, want %q", doc.Info.Title, c.want)
		}
	}
}
