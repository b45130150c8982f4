// Package render writes the document model in the formats loaders read: a
// government web page, a Word document and a PDF. Each rendering holds the
// blocks of the document as such a file would print them, so that tests can
// hold every format to the records its text gives.
package render

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/minsheng/minsheng/corpus"
)

// BlockText is a block's text as printed: a list item with its number, or
// with a bullet when it has none. A space keeps a number like "2." apart
// from a text that opens with a figure ("2. 328日…", not the decimal
// "2.328日…"); a year needs none ("3.2023年底前…").
func BlockText(b corpus.Block) string {
	if b.Kind == corpus.ListItem {
		if b.Number == "" {
			return "• " + b.Text
		}
		if r, _ := utf8.DecodeRuneInString(b.Text); strings.HasSuffix(b.Number, ".") && unicode.IsDigit(r) && !reYear.MatchString(b.Text) {
			return b.Number + " " + b.Text
		}
		return b.Number + b.Text
	}
	return b.Text
}

var reYear = regexp.MustCompile(`^(?:19|20)[0-9]{2}年`)

// ---- web pages ----------------------------------------------------------------

// HTML renders a document as a county government's article page: a heading
// that opens the document as the page's title and h1, the other blocks as
// headings, paragraphs and tables in their order. A document that opens
// otherwise has no title and no h1: a title the text does not hold would
// add to what the page says (a stored page's TITLE: line is a paragraph). charset "gbk" (or "gb2312") encodes the page in GBK
// and declares it, as many government sites still do; a character GBK lacks
// is written as a numeric character reference, as such sites store it. Any
// other charset writes UTF-8 and declares that charset.
func HTML(doc *corpus.Document, charset string) []byte {
	var title, h1 string
	var body strings.Builder
	for i, b := range doc.Blocks {
		if i == 0 && b.Kind == corpus.Heading {
			title, h1 = b.Text, b.Text
			continue
		}
		switch {
		case b.Kind == corpus.Heading:
			fmt.Fprintf(&body, "<h2>%s</h2>\n", html.EscapeString(b.Text))
		case b.Kind == corpus.TableBlock:
			body.WriteString(TableHTML(b.Table, func(c corpus.Cell) string { return c.Text }, true, false))
		default:
			fmt.Fprintf(&body, "<p>%s</p>\n", html.EscapeString(BlockText(b)))
		}
	}
	s := Page(title, h1, "发布时间: ", body.String(), charset)
	switch strings.ToLower(charset) {
	case "gbk", "gb2312":
		return encodeGBK(s)
	}
	return []byte(s)
}

// encodeGBK encodes s in GBK, writing a character GBK lacks as &#N;.
func encodeGBK(s string) []byte {
	enc := simplifiedchinese.GBK.NewEncoder()
	var out bytes.Buffer
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		if r < utf8.RuneSelf {
			out.WriteByte(byte(r))
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		b, err := enc.Bytes(buf[:n])
		if err != nil || r == utf8.RuneError {
			fmt.Fprintf(&out, "&#%d;", r)
			continue
		}
		out.Write(b)
	}
	return out.Bytes()
}

// Page is the shell of a county government's article page around body, the
// article's HTML: title is the page's <title>, h1 the article's heading and
// info its line of facts (HTML). It declares charset and does not encode.
func Page(title, h1, info, body string, charset string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=%s" />
<title>%s</title>
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<script type="text/javascript">var _hmt = _hmt || []; document.write("<div>统计代码</div>");</script>
<style>.zoom p { text-indent: 2em; }</style>
</head>
<body>
<div class="top">
  <div class="banner"><img src="/images/banner.jpg" alt="政府门户网站" /></div>
  <div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/col/col1/">政务公开</a></li><li><a href="/col/col2/">政务服务</a></li><li><a href="/col/col3/">互动交流</a></li><li><a href="/col/col4/">走进本市</a></li></ul></div>
</div>
<div class="main">
  <div class="position">当前位置: <a href="/">首页</a> &gt; <a href="/col/col1/">政府信息公开</a> &gt; <a href="/col/col5/">信息公开目录</a> &gt; 年度重点工作完成情况</div>
  <div class="article">
    <h1>%s</h1>
    <div class="info">%s</div>
    <div class="bdsharebuttonbox"><a href="#" class="bds_more">分享到:</a><a href="#" class="bds_weixin" title="分享到微信">微信</a><a href="#" class="bds_tsina" title="分享到新浪微博">微博</a></div>
    <div id="zoom" class="zoom">
%s
    </div>
    <div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
  </div>
</div>
<div class="footer">
  <p>主办单位: 市人民政府办公室 承办单位: 市大数据发展中心</p>
  <p>网站标识码: 3310830001 浙ICP备05012345号 浙公网安备 33108302000123号</p>
</div>
</body>
</html>
`, charset, html.EscapeString(title), html.EscapeString(h1), info, body)
	return b.String()
}

// TableHTML renders a table of the text model with the text of each cell:
// merged cells as rowspan and colspan, header rows as <th> when th is set,
// cells of several lines with <p> (paras) or <br>.
func TableHTML(t *corpus.Table, text func(corpus.Cell) string, th, paras bool) string {
	var b strings.Builder
	b.WriteString("<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\">\n<tbody>\n")
	for r := 0; r < t.Rows; r++ {
		b.WriteString("<tr>")
		for c := 0; c < t.Cols; c++ {
			x := t.CellAt(r, c)
			if x != nil && (x.Row != r || x.Col != c) {
				continue // covered by a merged cell
			}
			tag := "td"
			if th && r < t.HeaderRows {
				tag = "th"
			}
			b.WriteString("<" + tag)
			if x != nil && x.RowSpan > 1 {
				fmt.Fprintf(&b, ` rowspan="%d"`, x.RowSpan)
			}
			if x != nil && x.ColSpan > 1 {
				fmt.Fprintf(&b, ` colspan="%d"`, x.ColSpan)
			}
			b.WriteString(">")
			if x != nil {
				lines := strings.Split(text(*x), "\n")
				for k, l := range lines {
					l = html.EscapeString(l)
					switch {
					case len(lines) == 1:
						b.WriteString(l)
					case paras:
						b.WriteString("<p>" + l + "</p>")
					default:
						if k > 0 {
							b.WriteString("<br />")
						}
						b.WriteString(l)
					}
				}
			}
			b.WriteString("</" + tag + ">")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}

// ---- Word document ---------------------------------------------------------------

const (
	wNS         = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	contentType = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`
	styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + wNS + `><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="标题 3"/></w:style></w:styles>`
	numberingXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ` + wNS + `><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
)

// DOCX renders a document's blocks as a Word document: headings with
// heading styles, (一)-numbered items with Word numbering, the other items
// with their number in the text, tables as Word tables.
func DOCX(doc *corpus.Document) []byte {
	var body strings.Builder
	para := func(style, numPr, text string) {
		body.WriteString("<w:p>")
		if style != "" || numPr != "" {
			body.WriteString("<w:pPr>")
			if style != "" {
				body.WriteString(`<w:pStyle w:val="` + style + `"/>`)
			}
			body.WriteString(numPr)
			body.WriteString("</w:pPr>")
		}
		if text != "" {
			// Word splits text into runs where formatting changes.
			rs := []rune(text)
			cut := len(rs) / 2
			for _, part := range []string{string(rs[:cut]), string(rs[cut:])} {
				if part != "" {
					body.WriteString(`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">` + xmlEscape(part) + `</w:t></w:r>`)
				}
			}
		}
		body.WriteString("</w:p>")
	}
	for _, b := range doc.Blocks {
		switch b.Kind {
		case corpus.Heading:
			para(strconv.Itoa(b.Level), "", b.Text)
		case corpus.ListItem:
			if strings.HasPrefix(b.Number, "(") && strings.Contains("一二三四五六七八九十", strings.Trim(b.Number, "()")) {
				para("", `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`, b.Text)
				continue
			}
			para("", "", BlockText(b))
		case corpus.TableBlock:
			tableXML(&body, b.Table)
		default:
			para("", "", b.Text)
		}
	}
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + wNS + `><w:body>` + body.String() + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{
		{"[Content_Types].xml", contentType},
		{"_rels/.rels", rootRels},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", docRels},
		{"word/styles.xml", styles},
		{"word/numbering.xml", numberingXML},
	} {
		w, err := zw.Create(p[0])
		if err != nil {
			panic(err) // writing to memory does not fail
		}
		w.Write([]byte(p[1]))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// tableXML writes a table: a row whose first cell is empty continues the
// item above it, so its first two cells merge into the ones above (vMerge).
func tableXML(b *strings.Builder, t *corpus.Table) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>`)
	for c := 0; c < t.Cols; c++ {
		b.WriteString(`<w:gridCol w:w="1200"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	grid := t.Grid()
	for r := 0; r < t.Rows; r++ {
		b.WriteString("<w:tr>")
		if r < t.HeaderRows {
			b.WriteString("<w:trPr><w:tblHeader/></w:trPr>") // repeated on every page
		}
		// merged reports a first-two-column cell of row k that continues the item above.
		merged := func(k, c int) bool {
			return c <= 1 && k > t.HeaderRows && k < t.Rows && strings.TrimSpace(grid[k][0]) == "" && strings.TrimSpace(grid[k][c]) == ""
		}
		for c := 0; c < t.Cols; c++ {
			x := t.CellAt(r, c)
			if x != nil && x.Col != c {
				continue // covered by a gridSpan
			}
			b.WriteString("<w:tc><w:tcPr>")
			if x != nil && x.ColSpan > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, x.ColSpan)
			}
			text := ""
			switch {
			case merged(r, c) || (x != nil && x.Row != r):
				b.WriteString(`<w:vMerge/>`)
			default:
				if x != nil {
					text = x.Text
				}
				if merged(r+1, c) || (x != nil && x.RowSpan > 1) {
					b.WriteString(`<w:vMerge w:val="restart"/>`)
				}
			}
			b.WriteString("</w:tcPr>")
			lines := strings.Split(text, "\n")
			for _, l := range lines {
				b.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + xmlEscape(l) + `</w:t></w:r></w:p>`)
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	b.WriteString("<w:p/>") // Word ends a table with a paragraph
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // writing to memory does not fail
	return b.String()
}
