package loaders

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

func init() { structuredReaders[FormatHTML] = readHTML }

// lineAttr is the attribute readHTML adds to every start tag to remember the
// source line of the element.
const lineAttr = "data-minsheng-line"

// maxHTMLDepth bounds the recursion over the element tree, beyond the 512
// open elements the parser allows; the text of
// deeper elements is read flat.
const maxHTMLDepth = 600

// flattenDepth is how deep a page nested beyond what the parser allows is
// read as elements; deeper, as lines of text.
const flattenDepth = 256

var reMetaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)`)

// declaredCharset returns the charset a page declares in its first 4 KB
// (<meta charset> or http-equiv Content-Type), or "".
func declaredCharset(raw []byte) string {
	head := raw[:min(len(raw), 4096)]
	if m := reMetaCharset.FindSubmatch(head); m != nil {
		return strings.ToLower(string(m[1]))
	}
	if bytes.HasPrefix(head, []byte("<?xml")) {
		if m := regexp.MustCompile(`encoding=["']([A-Za-z0-9_\-]+)`).FindSubmatch(head); m != nil {
			return strings.ToLower(string(m[1]))
		}
	}
	return ""
}

// readHTML reads a web page: the main content's headings, paragraphs, list
// items and tables, the page's fact lines (title, 文号, 发布时间) and its links.
func readHTML(name string, raw []byte, doc *corpus.Document) error {
	text, charset, _, err := normalize.Decode(raw, declaredCharset(raw))
	if err != nil {
		return newError(name, Binary, fmt.Errorf("%w: %v", ErrBinary, err))
	}
	doc.Info.Charset = charset
	root, err := html.Parse(strings.NewReader(annotateLines(text, false)))
	if err != nil && strings.Contains(err.Error(), "exceeds") {
		// Nested deeper than the parser allows: read the deep elements as
		// text of the last element kept.
		root, err = html.Parse(strings.NewReader(annotateLines(text, true)))
	}
	if err != nil {
		return newError(name, Malformed, fmt.Errorf("loaders: html: %v", err))
	}
	gq := goquery.NewDocumentFromNode(root)
	h := &htmlReader{b: &builder{}}

	title := pageTitle(gq.Find("title").First().Text())
	doc.Links = pageLinks(gq)

	gq.Find("script, style, noscript, template, iframe, object, embed, svg, select, button, input, textarea, nav, header, footer, form").Remove()
	// Page furniture by class or id: navigation, breadcrumbs, share bars, footers.
	gq.Find("[class], [id]").Each(func(_ int, s *goquery.Selection) {
		if isFurnitureNode(s) {
			s.Remove()
		}
	})
	body := gq.Find("body").First()
	if body.Length() == 0 {
		return newError(name, Empty, ErrEmpty)
	}
	main := mainContent(body)
	// The article's h1, not a logo's in the page header (removed above).
	h1 := gq.Find("h1").First()
	h1Text := cleanLine(collapseSpace(h1.Text()))

	// Facts outside the main content: the page title, the h1 and the lines
	// that give 文号, issuer and dates.
	if title != "" {
		h.b.add(piece{kind: pieceFact, text: title, span: corpus.Span{Line: htmlLineOf(gq.Find("title").Nodes)}})
	}
	if h1Text != "" && !htmlContains(main.Nodes[0], h1.Nodes) {
		h.b.add(piece{kind: pieceHeading, level: 1, text: h1Text, span: corpus.Span{Line: htmlLineOf(h1.Nodes)}})
	}
	facts := factLines(body.Nodes[0], main.Nodes[0])
	shown := &shownText{}
	shown.walk(main.Nodes[0], false)
	if shown.asText() {
		// The text's own title line, if any, is its title, as in a text
		// file; a title the text does not show is put before it.
		var head []piece
		for _, t := range []string{title, h1Text} {
			if t != "" && !strings.Contains(squeeze(strings.Join(shown.lines, "")), squeeze(t)) {
				head = append(head, piece{kind: pieceFact, text: t, span: corpus.Span{Line: htmlLineOf(gq.Find("title").Nodes)}})
				break
			}
		}
		readShownText(doc, append(head, facts...), shown)
		if len(doc.Blocks) == 0 {
			return newError(name, Empty, ErrEmpty)
		}
		return nil
	}
	for _, f := range facts {
		h.b.add(f)
	}
	h.walk(main.Nodes[0], 0)
	h.flush()
	// The title is the h1, else the page title, as repaired with the
	// document.
	titleAt := -1
	for i, p := range h.b.pieces {
		if (h1Text != "" && p.kind == pieceHeading && p.text == h1Text) || (h1Text == "" && title != "" && p.kind == pieceFact && p.text == title) {
			titleAt = i
			break
		}
	}
	h.b.finish(doc)
	if titleAt >= 0 {
		if t := cleanLine(h.b.pieces[titleAt].text); t != "" {
			doc.Info.Title = corpus.Ptr(t)
		}
	}
	if len(doc.Blocks) == 0 {
		return newError(name, Empty, ErrEmpty)
	}
	return nil
}

var reTitleSite = regexp.MustCompile(`\s*(?:[-_|｜—–]+|\s-\s)\s*[^-_|｜—–]*(?:政府|网站|门户|网|平台|官网)[^-_|｜—–]*$`)

// pageTitle returns a page's <title> without the site name appended to it
// ("关于…的通报_玉环市人民政府").
func pageTitle(s string) string {
	t := cleanLine(collapseSpace(s))
	if u := reTitleSite.ReplaceAllString(t, ""); runeLen(u) >= 4 {
		return u
	}
	return t
}

// annotateLines adds the source line of every start tag as an attribute.
// With flatten, tags nested deeper than flattenDepth (counting every open
// non-void element) are dropped and their text kept.
func annotateLines(text string, flatten bool) string {
	z := html.NewTokenizer(strings.NewReader(text))
	var out strings.Builder
	out.Grow(len(text) + len(text)/8)
	line, depth := 1, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if flatten && (tt == html.StartTagToken || tt == html.EndTagToken) {
			name, _ := z.TagName()
			if !isVoidElement(atom.Lookup(name)) {
				if tt == html.StartTagToken {
					depth++
				}
				skip := depth > flattenDepth
				if tt == html.EndTagToken && depth > 0 {
					depth--
				}
				if skip {
					if isHTMLBlock(&html.Node{Type: html.ElementNode, DataAtom: atom.Lookup(name)}) {
						out.WriteString("<br>") // the lines of dropped blocks stay apart
					}
					line += bytes.Count(raw, []byte("\n"))
					continue
				}
			}
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			k := 1
			for k < len(raw) && !strings.ContainsRune(" \t\n\r\f/>", rune(raw[k])) {
				k++
			}
			out.Write(raw[:k])
			out.WriteString(" " + lineAttr + "=\"" + strconv.Itoa(line) + "\"")
			if k < len(raw) && raw[k] == '/' && k+1 < len(raw) && raw[k+1] == '>' {
				out.WriteByte(' ') // keep "<br/>" self-closing, not an attribute "/"
			}
			out.Write(raw[k:])
		} else {
			out.Write(raw)
		}
		line += bytes.Count(raw, []byte("\n"))
	}
	return out.String()
}

func htmlLine(n *html.Node) int {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == lineAttr {
				v, _ := strconv.Atoi(a.Val)
				return v
			}
		}
	}
	return 0
}

func htmlLineOf(ns []*html.Node) int {
	if len(ns) == 0 {
		return 0
	}
	return htmlLine(ns[0])
}

func htmlContains(root *html.Node, ns []*html.Node) bool {
	if len(ns) == 0 {
		return false
	}
	for n := ns[0]; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

var furnitureClass = regexp.MustCompile(`(?i)(^|[\s_\-])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|dqwz|footer|foot|copyright|share|bdshare|bdsharebuttonbox|toolbar|print|sidebar|topbar|header|banner|search|login|links?|friendlink|relat\w*)($|[\s_\-])`)

// isFurnitureNode reports page furniture by class or id, or a short element
// whose text is a breadcrumb, a view counter or print and close links.
func isFurnitureNode(s *goquery.Selection) bool {
	cls, _ := s.Attr("class")
	id, _ := s.Attr("id")
	if furnitureClass.MatchString(cls) || furnitureClass.MatchString(id) {
		// Never drop a container that holds the article.
		return countHan(s.Text()) < 400
	}
	return false
}

// mainContent chooses the element holding the article: a known article
// container with most of the page's Chinese text, else the element reached by
// descending from body while one child holds nearly all of the text.
func mainContent(body *goquery.Selection) *goquery.Selection {
	total := countHan(body.Text())
	best, bestN := (*goquery.Selection)(nil), 0
	body.Find("#zoom, .zoom, .TRS_Editor, .article-content, .article_content, .art_con, #UCAP-CONTENT, .pages_content, .content_text, .bt_content, .main-txt, article").Each(func(_ int, s *goquery.Selection) {
		if n := countHan(s.Text()); n > bestN {
			best, bestN = s, n
		}
	})
	if best != nil && bestN*10 >= total*3 {
		return best
	}
	cur := body
	for depth := 0; depth < 64; depth++ {
		n := countHan(cur.Text())
		var next *goquery.Selection
		cur.Children().Each(func(_ int, c *goquery.Selection) {
			if next != nil {
				return
			}
			switch goquery.NodeName(c) {
			case "table", "p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tbody", "tr", "td":
				return
			}
			if countHan(c.Text())*10 >= n*9 && n > 0 {
				next = c
			}
		})
		if next == nil {
			break
		}
		cur = next
	}
	return cur
}

func countHan(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

var reFactLine = regexp.MustCompile(`发布时间|发布日期|發[布佈]時間|發[布佈]日期|成文日期|发文日期|文号|文號|索引号|索引號|发布机构|發[布佈]機構|发文机关|信息来源|信息來源|来源[:：]|來源[:：]`)

// factLines returns the short text lines outside the main content that state
// document facts, each a fact piece.
func factLines(body, main *html.Node) []piece {
	var out []piece
	above := map[*html.Node]bool{} // the ancestors of main: their text is mostly main's
	for a := main.Parent; a != nil; a = a.Parent {
		above[a] = true
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if n == main || depth > maxHTMLDepth {
			return
		}
		if n.Type == html.ElementNode && isHTMLBlock(n) && !above[n] {
			if t := cleanLine(collapseSpace(htmlText(n))); t != "" && runeLen(t) <= 120 && reFactLine.MatchString(t) && !hasHTMLBlockChild(n) {
				out = append(out, piece{kind: pieceFact, text: t, span: corpus.Span{Line: htmlLine(n)}})
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(body, 0)
	return out
}

func hasHTMLBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && isHTMLBlock(c) {
			return true
		}
	}
	return false
}

// pageLinks returns the page's hyperlinks in order.
func pageLinks(gq *goquery.Document) []corpus.Link {
	var links []corpus.Link
	gq.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		href = strings.TrimSpace(href)
		if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") {
			return
		}
		text := cleanLine(collapseSpace(s.Text()))
		links = append(links, corpus.Link{URL: href, Text: text, Attachment: attachmentKind(href, text)})
	})
	return links
}

// attachmentKind returns the attachment format a link points to, from its
// URL path or its text.
func attachmentKind(href, text string) string {
	p := href
	if u, err := url.Parse(href); err == nil {
		p = u.Path
	}
	for _, s := range []string{p, text} {
		switch ext := strings.ToLower(strings.TrimPrefix(path.Ext(strings.TrimSpace(s)), ".")); ext {
		case "pdf", "xls", "xlsx", "doc", "docx", "wps":
			return ext
		}
	}
	return ""
}

// ---- the walk --------------------------------------------------------------

// htmlReader walks the main content and collects pieces.
type htmlReader struct {
	b *builder
	// para gathers the inline text of the paragraph being read.
	para     strings.Builder
	paraLine int
	lastLine int
	listDeep int
}

func (h *htmlReader) flush() {
	if t := collapseSpace(h.para.String()); t != "" {
		kind := pieceText
		if runeLen(t) <= 200 && isFurniture(t) {
			// Breadcrumbs, counters and print links inside the content;
			// a line that dates the page stays as a fact.
			kind = pieceFact
			if !reFactLine.MatchString(t) {
				kind = 0
			}
		}
		if kind != 0 {
			h.b.add(piece{kind: kind, text: t, span: corpus.Span{Line: h.paraLine}})
		}
	}
	h.para.Reset()
	h.paraLine = 0
}

func (h *htmlReader) text(s string, line int) {
	// Text under elements the parser implied (a bare page) has no line of
	// its own: it takes the last line seen.
	if line < 1 {
		line = max(h.lastLine, 1)
	}
	h.lastLine = line
	if strings.TrimSpace(s) == "" {
		if h.para.Len() > 0 {
			h.para.WriteByte(' ')
		}
		return
	}
	if h.para.Len() == 0 || strings.TrimSpace(h.para.String()) == "" {
		h.paraLine = line
	}
	h.para.WriteString(s)
}

func (h *htmlReader) walk(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.node(c, depth+1)
	}
}

func (h *htmlReader) node(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		h.text(n.Data, htmlLine(n.Parent))
		return
	case html.ElementNode:
	default:
		return
	}
	if depth > maxHTMLDepth {
		// Read flat, a paragraph a line shown.
		var s shownText
		s.walk(n, false)
		h.flush()
		for i, l := range s.lines {
			if l != "" {
				h.text(l, s.src[i])
				h.flush()
			}
		}
		return
	}
	switch n.DataAtom {
	case atom.Br:
		h.flush()
		return
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		h.flush()
		lvl := int(n.Data[1] - '0')
		h.b.add(piece{kind: pieceHeading, level: lvl, text: collapseSpace(htmlText(n)), span: corpus.Span{Line: htmlLine(n)}})
		return
	case atom.Table:
		h.flush()
		h.table(n, depth)
		return
	case atom.Ul, atom.Ol:
		h.flush()
		h.listDeep++
		k := 0
		start := 1
		if v, err := strconv.Atoi(htmlAttr(n, "start")); err == nil {
			start = v
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.DataAtom != atom.Li {
				h.node(c, depth+1)
				continue
			}
			number := ""
			if n.DataAtom == atom.Ol {
				number = strconv.Itoa(start+k) + "."
			}
			k++
			h.listItem(c, number, depth+1)
		}
		h.listDeep--
		return
	case atom.Li:
		h.flush()
		h.listItem(n, "", depth)
		return
	}
	if isHTMLBlock(n) {
		h.flush()
		h.walk(n, depth)
		h.flush()
		return
	}
	h.walk(n, depth)
}

// listItem reads an <li>: its own text is one list item; nested lists and
// tables inside it follow as their own pieces.
func (h *htmlReader) listItem(n *html.Node, number string, depth int) {
	var own strings.Builder
	var rest []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol || c.DataAtom == atom.Table) {
			rest = append(rest, c)
			continue
		}
		own.WriteString(htmlText(c))
	}
	t := cleanLine(collapseSpace(own.String()))
	if t != "" {
		if _, ok := parseListItem(t); ok {
			number = "" // the number is printed in the text
		}
		h.b.add(piece{kind: pieceList, text: t, number: number, level: max(h.listDeep, 1), span: corpus.Span{Line: htmlLine(n)}})
	}
	for _, c := range rest {
		h.node(c, depth+1)
	}
}

// table reads a <table> into a grid with spans; tables nested in its cells
// follow it as tables of their own.
func (h *htmlReader) table(n *html.Node, depth int) {
	t := &corpus.Table{}
	var caption string
	var rows []*html.Node
	var nested []*html.Node
	var collect func(*html.Node)
	collect = func(p *html.Node) {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				caption = collapseSpace(htmlCellText(c, &nested, depth))
			case atom.Thead, atom.Tbody, atom.Tfoot:
				collect(c)
			case atom.Tr:
				rows = append(rows, c)
			}
		}
	}
	collect(n)
	const maxSpan = 1000
	occupied := map[[2]int]bool{}
	headerRows, inHeader := 0, true
	for r, tr := range rows {
		col := 0
		allTH, seen := true, false
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			seen = true
			if c.DataAtom != atom.Th {
				allTH = false
			}
			for occupied[[2]int{r, col}] {
				col++
			}
			rs := htmlSpan(c, "rowspan", maxSpan)
			cs := htmlSpan(c, "colspan", maxSpan)
			if r+rs > len(rows) {
				rs = max(len(rows)-r, 1)
			}
			for i := r; i < r+rs; i++ {
				for k := col; k < col+cs; k++ {
					occupied[[2]int{i, k}] = true
				}
			}
			cell := corpus.Cell{Row: r, Col: col, Text: htmlCellText(c, &nested, depth), Span: corpus.Span{Line: htmlLine(c)}}
			if rs > 1 {
				cell.RowSpan = rs
			}
			if cs > 1 {
				cell.ColSpan = cs
			}
			t.AddCell(cell)
			col += cs
		}
		if inHeader && seen && allTH {
			headerRows = r + 1
		} else {
			inHeader = false
		}
	}
	h.b.add(piece{kind: pieceTable, table: t, caption: caption, headerRows: headerRows, captionFromPrev: true, span: corpus.Span{Line: htmlLine(n)}})
	for _, c := range nested {
		h.table(c, depth+1)
	}
}

func htmlSpan(n *html.Node, key string, limit int) int {
	v, err := strconv.Atoi(strings.TrimSpace(htmlAttr(n, key)))
	if err != nil || v < 1 {
		return 1
	}
	return min(v, limit)
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// cellText returns a cell's text with <br>, <p> and other blocks as "\n";
// tables nested in the cell are set aside in nested, their text left out.
func htmlCellText(n *html.Node, nested *[]*html.Node, depth int) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, d int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(collapseSpaceKeep(c.Data))
			case html.ElementNode:
				switch {
				case c.DataAtom == atom.Table:
					*nested = append(*nested, c)
				case c.DataAtom == atom.Br:
					b.WriteByte('\n')
				case d > maxHTMLDepth:
					b.WriteString(collapseSpaceKeep(htmlText(c)))
				case isHTMLBlock(c):
					b.WriteByte('\n')
					walk(c, d+1)
					b.WriteByte('\n')
				default:
					walk(c, d+1)
				}
			}
		}
	}
	walk(n, depth)
	return b.String()
}

// textOf returns the text of a subtree, without recursion.
func htmlText(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
			continue
		}
		if x.Type == html.ElementNode && x.DataAtom == atom.Br {
			b.WriteByte(' ')
		}
		for c := x.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return b.String()
}

// collapse turns runs of white space (and no-break spaces) into one space,
// as a browser shows them.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isHTMLSpace), " ")
}

// collapseKeep collapses white space but keeps a leading and trailing space
// when the text had one, so that words of neighbouring inline elements stay
// apart.
func collapseSpaceKeep(s string) string {
	c := collapseSpace(s)
	if c == "" {
		if s != "" {
			return " "
		}
		return ""
	}
	r := []rune(s)
	if isHTMLSpace(r[0]) {
		c = " " + c
	}
	if isHTMLSpace(r[len(r)-1]) {
		c += " "
	}
	return c
}

func isVoidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link, atom.Meta,
		atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

func isHTMLBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Aside, atom.Blockquote, atom.Pre,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd,
		atom.Table, atom.Tr, atom.Td, atom.Th, atom.Center, atom.Hr, atom.Address, atom.Figure, atom.Figcaption, atom.Form:
		return true
	}
	return false
}
