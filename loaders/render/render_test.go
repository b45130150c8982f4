package render_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/loaders"
	"github.com/minsheng/minsheng/loaders/render"
)

// sample is a notice with a title, a paragraph long enough to wrap, items,
// a character beyond the BMP and a table long enough to go over pages.
func sample(t *testing.T) *corpus.Document {
	t.Helper()
	var b strings.Builder
	b.WriteString("2023年民生实事项目实施方案\n\n")
	b.WriteString("为切实办好2023年民生实事项目,经区人大常委会审议通过,现将项目安排印发给你们,请各责任单位认真组织实施,确保按期完成年度目标任务,让群众有更多获得感。\n\n")
	b.WriteString("1.新增婴幼儿托位500个。\n2. 328日启动遴选工作。\n• 无障碍浏览\n")
	b.WriteString("在𠀀村新建文化礼堂3个。\n\n")
	b.WriteString("序号 | 项目名称 | 目标任务 | 牵头单位\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "%d | 项目%d | 新建公园%d个,改造提升口袋公园与城市绿道 | 区建设局\n", i, i, i)
	}
	b.WriteString("\n附件:项目清单\n")
	doc, err := loaders.LoadBytes("sample.txt", []byte(b.String()), loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// blocks lists a document's blocks as kind, number and text, a table as
// its grid.
func blocks(doc *corpus.Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		if b.Kind == corpus.TableBlock {
			for _, row := range b.Table.Grid() {
				out = append(out, "| "+strings.Join(row, " | "))
			}
			continue
		}
		out = append(out, fmt.Sprintf("%v %s%s", b.Kind, b.Number, b.Text))
	}
	return out
}

func TestRenderingsReadBack(t *testing.T) {
	doc := sample(t)
	want := blocks(doc)
	// the page states its title and a line of facts as well
	page := append([]string{"paragraph 2023年民生实事项目实施方案", want[0], "paragraph 发布时间:"}, want[1:]...)
	for _, tc := range []struct {
		name string
		raw  []byte
		want []string
	}{
		{"sample.pdf", render.PDF(doc), want},
		{"sample.html", render.HTML(doc, "gbk"), page},
		{"sample.docx", render.DOCX(doc), want},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := loaders.LoadBytes(tc.name, tc.raw, loaders.Options{})
			if err != nil {
				t.Fatal(err)
			}
			g := blocks(got)
			if strings.Join(g, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestPDFPages(t *testing.T) {
	raw := render.PDF(sample(t))
	if n := bytes.Count(raw, []byte("/Type /Page ")); n < 2 {
		t.Errorf("%d pages, want the table to go over pages", n)
	}
	doc, err := loaders.LoadBytes("sample.pdf", raw, loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(doc.Tables()); n != 1 {
		t.Fatalf("%d tables, want the table over pages read as one", n)
	}
	pages := map[int]bool{}
	for _, c := range doc.Tables()[0].Cells {
		pages[c.Span.Page] = true
	}
	if len(pages) < 2 {
		t.Errorf("the table's cells are on pages %v", pages)
	}
}

func TestHTMLInGBK(t *testing.T) {
	doc := &corpus.Document{Blocks: []corpus.Block{
		{Kind: corpus.Heading, Level: 1, Text: "民生实事"},
		{Kind: corpus.Paragraph, Text: "新建公园3个\ufffd,𠀀村"},
	}}
	raw := render.HTML(doc, "gbk")
	if !bytes.Contains(raw, []byte("charset=gbk")) || !bytes.Contains(raw, []byte("&#65533;")) || !bytes.Contains(raw, []byte("&#131072;")) {
		t.Errorf("want a GBK page declaring its charset, with references for what GBK lacks:\n%s", raw)
	}
	got, err := loaders.LoadBytes("p.html", raw, loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Info.Charset, "gb") {
		t.Errorf("charset %q", got.Info.Charset)
	}
	if b := blocks(got); !strings.Contains(strings.Join(b, "\n"), "新建公园3个\ufffd,𠀀村") {
		t.Errorf("blocks %q", b)
	}
}
