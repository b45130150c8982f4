package loaders

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// A page may hold a text notice as text: in a <pre>, or one <p> (or <br>) a
// line, as converters and some content systems print a text file. Read as
// paragraphs, the tables such a text holds flattened one cell a line are
// lost. Such a page is read as the text it shows is.

// minTextLines is how many lines a page of one block a line must show to be
// read as text.
const minTextLines = 20

// shownText is the text of an element as a browser shows it: a line for
// each block and <br>, the lines of a <pre> as they are.
type shownText struct {
	lines []string
	src   []int // each line's source line
	cur   strings.Builder
	line  int // source line of cur
	// preRunes and runes count the non-space runes in <pre> and in all;
	// structure is set by tables, lists and headings.
	preRunes, runes int
	structure       bool
	inPre           bool // cur is a line of a <pre>
}

func (s *shownText) newline() {
	l := s.cur.String()
	if !s.inPre {
		l = strings.TrimSpace(l) // a <pre>'s lines keep their indent
	}
	s.lines = append(s.lines, l)
	s.src = append(s.src, s.line)
	s.cur.Reset()
	s.line = 0
	s.inPre = false
}

func (s *shownText) write(text string, line int, pre bool) {
	if s.line == 0 {
		s.line = line
	}
	s.inPre = pre
	for _, r := range text {
		if !isHTMLSpace(r) && r != '\u00a0' {
			s.runes++
			if pre {
				s.preRunes++
			}
		}
	}
	s.cur.WriteString(text)
}

func (s *shownText) walk(n *html.Node, pre bool) {
	// An explicit stack: the tree may be as deep as the parser allows.
	type frame struct {
		n   *html.Node
		pre bool
		end bool // leaving n
	}
	stack := []frame{{n: n, pre: pre}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.end {
			if n.DataAtom == atom.Pre || s.cur.Len() > 0 || !hasHTMLBlockChild(n) {
				s.newline()
			}
			continue
		}
		switch n.Type {
		case html.TextNode:
			line := htmlLine(n.Parent)
			if !f.pre {
				s.write(strings.Join(strings.FieldsFunc(n.Data, isHTMLSpace), " ")+spaceAfter(n.Data), line, false)
				continue
			}
			parts := strings.Split(strings.ReplaceAll(n.Data, "\r", ""), "\n")
			for i, p := range parts {
				if i > 0 {
					s.newline()
				}
				s.write(p, line+i, true)
			}
			continue
		case html.ElementNode, html.DocumentNode:
		default:
			continue
		}
		switch n.DataAtom {
		case atom.Br:
			if s.line == 0 {
				s.line = htmlLine(n)
			}
			s.newline()
			continue
		case atom.Table, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			s.structure = true
		}
		pre := f.pre || n.DataAtom == atom.Pre
		block := n.Type == html.ElementNode && isHTMLBlock(n)
		if block {
			if s.cur.Len() > 0 {
				s.newline()
			}
			stack = append(stack, frame{n: n, pre: pre, end: true})
		}
		var kids []*html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			kids = append(kids, c)
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, frame{n: kids[i], pre: pre})
		}
	}
	if s.cur.Len() > 0 {
		s.newline()
	}
}

// spaceAfter keeps one space where text ends in white space, so that words
// of inline elements stay apart.
func spaceAfter(s string) string {
	if s != "" && isHTMLSpace(rune(s[len(s)-1])) && strings.TrimFunc(s, isHTMLSpace) != "" {
		return " "
	}
	return ""
}

// asText reports whether the shown text of a page's main content is a text
// notice: most of it in a <pre>, or at least minTextLines lines of one block
// (or <br>) each with no table, list or heading among them.
func (s *shownText) asText() bool {
	if s.runes == 0 {
		return false
	}
	if s.preRunes*2 >= s.runes {
		return true
	}
	if s.structure {
		return false
	}
	n := 0
	for _, l := range s.lines {
		if l != "" {
			n++
		}
	}
	return n >= minTextLines
}

// readShownText reads the lines of a page's main content, after the facts
// found outside it, as a text document is read, and gives the blocks the
// lines of the page.
func readShownText(doc *corpus.Document, facts []piece, s *shownText) {
	var lines []string
	var src []int
	for _, f := range facts {
		lines = append(lines, f.text, "")
		src = append(src, f.span.Line, f.span.Line)
	}
	lines = append(lines, s.lines...)
	src = append(src, s.src...)
	repaired, rep := normalize.Repair(strings.Join(lines, "\n"))
	if len(rep.Repairs) > 0 {
		if doc.Repairs == nil {
			doc.Repairs = map[string]int{}
		}
		for k, v := range rep.Repairs {
			doc.Repairs[k] += v
		}
	}
	doc.Flags = appendFlags(doc.Flags, rep.Flags...)
	pageLine := func(l int) int {
		if l >= 1 && l <= len(src) {
			return src[l-1]
		}
		return l
	}
	for _, b := range parseText(repaired, false) {
		b.Span.Line = pageLine(b.Span.Line)
		if b.Table != nil {
			for i := range b.Table.Cells {
				b.Table.Cells[i].Span.Line = pageLine(b.Table.Cells[i].Span.Line)
			}
		}
		doc.Blocks = append(doc.Blocks, b)
	}
}
