package loaders

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

const testNumbering = `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="9"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`

const testStyles = `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:styleId="2"><w:name w:val="标题 2"/></w:style>
<w:style w:styleId="MyHead"><w:name w:val="My heading"/><w:basedOn w:val="2"/></w:style>
<w:style w:styleId="Outline"><w:name w:val="x"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
</w:styles>`

// docx builds a Word document around body (the children of w:body).
func docx(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`},
		{"word/styles.xml", testStyles},
		{"word/numbering.xml", testNumbering},
	} {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func wp(text string) string {
	return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func wpNum(numID, ilvl, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func wpStyle(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func loadDOCX(t *testing.T, body string) *corpus.Document {
	t.Helper()
	doc, err := LoadBytes("plan.docx", docx(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkStructured(t, doc)
	return doc
}

func blockList(doc *corpus.Document) string {
	var out []string
	for _, b := range doc.Blocks {
		s := b.Kind.String()
		switch b.Kind {
		case corpus.Heading:
			s += "/" + string(rune('0'+b.Level))
		case corpus.ListItem:
			s += "/" + string(rune('0'+b.Level)) + " " + b.Number
		case corpus.TableBlock:
			s += " " + strings.ReplaceAll(gridText(b.Table), "\n", " / ")
			out = append(out, s)
			continue
		}
		out = append(out, s+" "+b.Text)
	}
	return strings.Join(out, "\n")
}

func TestDOCXParagraphs(t *testing.T) {
	body := wpStyle("Heading1", "关于民生实事项目的通知") +
		`<w:p><w:r><w:t xml:space="preserve">新增托位</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>300</w:t></w:r><w:r><w:t>个</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>` +
		wpNum("1", "0", "总体要求") +
		wpNum("1", "1", "新增托位") +
		wpNum("1", "1", "建设食堂") +
		wpNum("1", "2", "培训") +
		wpNum("1", "0", "工作安排") +
		wpNum("1", "1", "组织准备") +
		wpNum("2", "0", "起于九") +
		wpNum("4", "0", "重新起于一") +
		wpNum("3", "0", "圆点") +
		wpStyle("2", "（一）组织准备") +
		wpStyle("MyHead", "基于标题2") +
		wpStyle("Outline", "大纲级别") +
		`<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>序</w:t><w:tab/><w:t>号</w:t></w:r></w:p>` +
		`<w:p/>`
	doc := loadDOCX(t, body)
	want := `heading/1 关于民生实事项目的通知
paragraph 新增托位300个
list_item/1 一、 总体要求
list_item/2 1. 新增托位
list_item/2 2. 建设食堂
list_item/3 ① 培训
list_item/1 二、 工作安排
list_item/2 1. 组织准备
list_item/1 9、 起于九
list_item/1 1、 重新起于一
paragraph 圆点
heading/2 (一)组织准备
heading/2 基于标题2
heading/3 大纲级别
paragraph 第一行
paragraph 第二行
paragraph 序 号`
	if got := blockList(doc); got != want {
		t.Errorf("blocks\n%s\nwant\n%s", got, want)
	}
	for i, b := range doc.Blocks {
		if b.Span.Line < 1 {
			t.Errorf("block %d without a line", i)
		}
	}
	if doc.Blocks[2].Span.Line != 3 {
		t.Errorf("third paragraph at line %d, want 3", doc.Blocks[2].Span.Line)
	}
}

func TestDOCXTables(t *testing.T) {
	tc := func(props, text string) string {
		return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + text + `</w:tc>`
	}
	const restart = `<w:vMerge w:val="restart"/>`
	const cont = `<w:vMerge/>`
	span := func(n string) string { return `<w:gridSpan w:val="` + n + `"/>` }
	cases := []struct {
		name, body string
		want       string
		spans      string
	}{
		{
			name: "gridSpan and vMerge",
			body: `<w:tbl>` +
				`<w:tr>` + tc(restart, wp("序号")) + tc(span("2"), wp("资金(万元)")) + tc(restart, wp("牵头单位")) + `</w:tr>` +
				`<w:tr>` + tc(cont, wp("")) + tc("", wp("总额")) + tc("", wp("上级支持")) + tc(cont, "<w:p/>") + `</w:tr>` +
				`<w:tr>` + tc(restart, wp("1")) + tc("", wp("4857.08")) + tc("", wp("0")) + tc("", wp("市卫健委")) + `</w:tr>` +
				`<w:tr>` + tc(cont, "<w:p/>") + tc("", wp("100")) + tc("", wp("50")) + tc("", wp("市教育局")) + `</w:tr>` +
				`</w:tbl>`,
			want:  "table 序号|资金(万元)|资金(万元)|牵头单位 / 序号|总额|上级支持|牵头单位 / 1|4857.08|0|市卫健委 / 1|100|50|市教育局",
			spans: "0,0+2,1 0,1+1,2 0,3+2,1 2,0+2,1",
		},
		{
			name: "cell paragraphs and a nested table",
			body: wp("附件1") + wp("民生实事项目建设计划表") + `<w:tbl>` +
				`<w:tr>` + tc("", wp("序号")) + tc("", wp("项目名称")) + `</w:tr>` +
				`<w:tr>` + tc("", wp("1")) + tc("", wp("健康惠民")+wp("第(1)项")+`<w:tbl><w:tr>`+tc("", wp("区县"))+tc("", wp("托位"))+`</w:tr><w:tr>`+tc("", wp("鹿城"))+tc("", wp("550"))+`</w:tr></w:tbl>`+wp("")) + `</w:tr>` +
				`</w:tbl>` + wp("注:△为牵头单位"),
			want: "heading/1 附件1\nheading/2 民生实事项目建设计划表\ntable 序号|项目名称 / 1|健康惠民 / 第(1)项\ntable 区县|托位 / 鹿城|550\nparagraph 注:△为牵头单位",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := loadDOCX(t, c.body)
			if got := blockList(doc); got != c.want {
				t.Errorf("blocks\n%s\nwant\n%s", got, c.want)
			}
			if c.spans != "" {
				var got []string
				for _, cl := range doc.Tables()[0].Cells {
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
	doc := loadDOCX(t, cases[1].body)
	if tb := doc.Tables()[0]; tb.Caption != "民生实事项目建设计划表" || tb.HeaderRows != 1 {
		t.Errorf("caption %q header %d", tb.Caption, tb.HeaderRows)
	}
	// Span.Line counts paragraphs in document order, inside tables too.
	if c := doc.Tables()[1].Cells[0]; c.Span.Line != 8 {
		t.Errorf("nested cell at paragraph %d, want 8", c.Span.Line)
	}
}

// Rows Word repeats as the header on every page (tblHeader) are the table's
// header, whatever their words.
func TestDOCXHeaderRows(t *testing.T) {
	tr := func(header bool, cells ...string) string {
		s := "<w:tr>"
		if header {
			s += "<w:trPr><w:tblHeader/></w:trPr>"
		}
		for _, c := range cells {
			s += "<w:tc>" + wp(c) + "</w:tc>"
		}
		return s + "</w:tr>"
	}
	body := "<w:tbl>" + tr(true, "索引号", "k12498411/2021-00019") + tr(false, "发布机构", "市政府办") + tr(false, "文号", "连政发〔2021〕10号") + "</w:tbl>"
	if h := loadDOCX(t, body).Tables()[0].HeaderRows; h != 1 {
		t.Errorf("header rows %d, want 1", h)
	}
	body = "<w:tbl>" + tr(false, "索引号", "k12498411/2021-00019") + tr(true, "发布机构", "市政府办") + "</w:tbl>"
	if h := loadDOCX(t, body).Tables()[0].HeaderRows; h != 0 {
		t.Errorf("a header row below the first: header rows %d, want 0", h)
	}
}

func TestWordNumber(t *testing.T) {
	for _, c := range []struct {
		v      int
		format string
		want   string
	}{
		{1, "decimal", "1"}, {12, "chineseCounting", "十二"}, {20, "chineseCountingThousand", "二十"}, {35, "chineseCounting", "三十五"},
		{3, "decimalEnclosedCircle", "③"}, {21, "decimalEnclosedCircle", "21"}, {4, "lowerRoman", "iv"}, {28, "upperLetter", "BB"},
	} {
		if got := wordNumber(c.v, c.format); got != c.want {
			t.Errorf("%d %s: %q, want %q", c.v, c.format, got, c.want)
		}
	}
}

func TestDOCXBadInput(t *testing.T) {
	good := docx(t, wp("新增托位300个"))
	var noBody bytes.Buffer
	zw := zip.NewWriter(&noBody)
	w, _ := zw.Create("word/styles.xml")
	w.Write([]byte(testStyles))
	zw.Close()
	for _, c := range []struct {
		name string
		raw  []byte
		kind Kind
		msg  string
	}{
		{"truncated", good[:len(good)/2], Malformed, "docx"},
		{"no document.xml", noBody.Bytes(), Malformed, "no word/document.xml"},
		{"bad xml", docx(t, `<w:p><w:r><w:t>a</w:r></w:p>`), Malformed, "word/document.xml: line 1"},
		{"empty body", docx(t, `<w:p/>`), Empty, "empty"},
		{"legacy doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 512)), Unsupported, "legacy Word/Excel/WPS file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadBytes("bad.docx", c.raw, Options{})
			var le *Error
			if !errors.As(err, &le) || le.Kind != c.kind || le.Path != "bad.docx" || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %v, want a %v *Error naming bad.docx and saying %q", err, c.kind, c.msg)
			}
		})
	}
}

// FuzzDOCX checks that no Word document makes the reader panic and that
// every cell lies within its table. The input is the body of document.xml.
func FuzzDOCX(f *testing.F) {
	f.Add([]byte(`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr></w:tc></w:tr></w:tbl>`))
	f.Add([]byte(`<w:p><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`))
	f.Add([]byte(`<w:tbl><w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := LoadBytes("fuzz.docx", docx(t, string(body)), Options{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkStructured(t, doc)
	})
}

// BenchmarkLoadDOCX reads the Wenling plan as a Word document.
func BenchmarkLoadDOCX(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(fixtureDir, "wenling-2022-supervision-plan.docx"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadBytes("wenling.docx", raw, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
